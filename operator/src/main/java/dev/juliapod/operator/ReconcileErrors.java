package dev.juliapod.operator;

import dev.juliapod.api.ResourceStatus;
import dev.juliapod.operator.StatusConditions.State;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reconcile that threw: what its resource's status says (java-operator-sdk's
 * updateErrorStatus, as the Apache Flink operator uses it), so no error leaves the last phase
 * standing. The API server refusing a write for good (400, 403 with its quota or admission
 * message, 413, 422) stalls the resource with the server's words, and it is looked at again
 * only after an edit or, for a quota or a policy fixed outside it, every few minutes; anything
 * else (5xx, timeouts, conflicts, a bug) is retried with back-off and said, and stalls once
 * the retries are spent.
 */
final class ReconcileErrors {
  static final String REFUSED = "ApiRefused";
  static final String ERROR = "ReconcileError";
  /** For a refusal whose cause lies outside the resource (a quota, RBAC, a webhook). */
  static final Duration RECHECK = Duration.ofMinutes(5);
  private static final Set<Integer> PERMANENT = Set.of(400, 403, 413, 422);
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileErrors.class);
  private final EventRecorder events;
  private final Clock clock;

  ReconcileErrors(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  <R extends HasMetadata> ErrorStatusUpdateControl<R> report(R resource, ResourceStatus status,
      Optional<RetryInfo> retry, Exception error) {
    long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
    String what = resource.getKind() + " " + resource.getMetadata().getNamespace() + "/"
        + resource.getMetadata().getName();
    KubernetesClientException api = apiError(error);
    boolean refused = api != null && PERMANENT.contains(api.getCode());
    String message = refused ? "the API server refused a request (" + api.getCode() + "): "
        + serverWords(api) : error.getClass().getSimpleName() + ": " + error.getMessage();
    int attempt = retry.map(RetryInfo::getAttemptCount).orElse(1);
    boolean spent = retry.map(RetryInfo::isLastAttempt).orElse(false);
    String reason = refused ? REFUSED : ERROR;
    if (!Objects.equals(status.message, message)) {
      events.warning(resource, reason, message);
      LOG.warn("{}: {}{}", what, message, refused ? "" : " (attempt " + attempt + ")", error);
    }
    if (refused || spent) {
      StatusConditions.apply(status, generation, State.STALLED, "Failed", reason, message
          + (refused ? "" : " (gave up after " + attempt + " attempts)"), clock.instant());
      ErrorStatusUpdateControl<R> control = ErrorStatusUpdateControl.patchStatus(resource)
          .withNoRetry();
      return refused ? control.rescheduleAfter(RECHECK) : control;
    }
    StatusConditions.apply(status, generation, State.PROGRESSING,
        Objects.requireNonNullElse(status.phase, "Pending"), reason,
        message + " (attempt " + attempt + ", trying again)", clock.instant());
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private static KubernetesClientException apiError(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof KubernetesClientException k && k.getCode() > 0) {
        return k;
      }
    }
    return null;
  }

  private static String serverWords(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage() : e.getMessage();
  }
}
