package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes events on JuliaPods and JuliaSysimages, for `kubectl describe`. */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata on, String reason, String message) {
    record(on, "Normal", reason, message);
  }

  public void warning(HasMetadata on, String reason, String message) {
    record(on, "Warning", reason, message);
  }

  private void record(HasMetadata on, String type, String reason, String message) {
    String now = Instant.now().toString();
    try {
      client.v1().events().inNamespace(on.getMetadata().getNamespace()).resource(
          new EventBuilder()
              .withNewMetadata()
              .withGenerateName(on.getMetadata().getName() + "-")
              .withNamespace(on.getMetadata().getNamespace()).endMetadata()
              .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(on.getApiVersion())
                  .withKind(on.getKind()).withName(on.getMetadata().getName())
                  .withNamespace(on.getMetadata().getNamespace())
                  .withUid(on.getMetadata().getUid()).build())
              .withType(type).withReason(reason)
              .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
              .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
              .withNewSource("juliapod-operator", null)
              .build()).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; the status already says the same.
      LOG.warn("could not record {} event {} on {} {}: {}", type.toLowerCase(Locale.ROOT),
          reason, on.getKind(), on.getMetadata().getName(), e.getMessage());
    }
  }
}
