package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes events on JuliaPods and JuliaSysimages, for `kubectl describe`. Sent from one
 * background thread, as client-go's recorder does: an event is a courtesy (the status says the
 * same), so a reconcile does not wait for its round trip, and a flood is dropped, not queued
 * without bound.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int QUEUE = 1000;
  private static final int MAX_MESSAGE = 1000;

  /** How long the sending thread outlives the last event. */
  private static final int IDLE_SECONDS = 30;

  private final KubernetesClient client;
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          IDLE_SECONDS,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(QUEUE),
          runnable -> {
            Thread thread = new Thread(runnable, "juliapod-events");
            thread.setDaemon(true);
            return thread;
          },
          (dropped, pool) ->
              LOG.warn("more than {} events waiting to be sent; dropping one", QUEUE));

  /**
   * The sending thread ends when no event has come for a while, so a quiet operator holds no thread
   * for it and a stopped one (an operator in a test, say) leaves none behind.
   */
  public EventRecorder(KubernetesClient client) {
    this.client = client;
    sender.allowCoreThreadTimeOut(true);
  }

  public void normal(HasMetadata on, String reason, String message) {
    record(on, "Normal", reason, message);
  }

  public void warning(HasMetadata on, String reason, String message) {
    record(on, "Warning", reason, message);
  }

  /**
   * Every event is also a log line, in the reconciler's thread: what the operator did or saw, with
   * the object's kind and namespace/name, for people reading `kubectl logs` of the operator (build
   * started, succeeded or failed, found in the registry, image gone, session started or failing,
   * plan failed).
   */
  private void record(HasMetadata on, String type, String reason, String message) {
    String what =
        on.getKind() + " " + on.getMetadata().getNamespace() + "/" + on.getMetadata().getName();
    if ("Warning".equals(type)) {
      LOG.warn("{}: {}: {}", what, reason, shortened(message));
    } else {
      LOG.info("{}: {}: {}", what, reason, shortened(message));
    }
    String now = Instant.now().toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(on.getMetadata().getName() + "-")
            .withNamespace(on.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(on.getApiVersion())
                    .withKind(on.getKind())
                    .withName(on.getMetadata().getName())
                    .withNamespace(on.getMetadata().getNamespace())
                    .withUid(on.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(shortened(message))
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource("juliapod-operator", null)
            .build();
    sender.execute(() -> send(event));
  }

  /**
   * Events are for people reading `kubectl describe`: what happened comes first, a log's decisive
   * lines last, so a long message keeps both ends.
   */
  static String shortened(String message) {
    if (message.length() <= MAX_MESSAGE) {
      return message;
    }
    String gap = "\n[...]\n";
    int head = MAX_MESSAGE * 2 / 5;
    return message.substring(0, head)
        + gap
        + message.substring(message.length() - (MAX_MESSAGE - head - gap.length()));
  }

  private void send(Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException | IllegalStateException e) { // also a closed client
      LOG.warn(
          "could not record {} event {} on {} {}: {}",
          event.getType().toLowerCase(Locale.ROOT),
          event.getReason(),
          event.getInvolvedObject().getKind(),
          event.getInvolvedObject().getName(),
          e.getMessage());
    }
  }
}
