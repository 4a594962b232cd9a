package dev.juliapod.operator;

import dev.juliapod.api.Phase;
import dev.juliapod.api.ResourceStatus;
import dev.juliapod.operator.StatusConditions.State;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
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
 * A reconcile that threw: what its resource's status says (java-operator-sdk's updateErrorStatus,
 * as the Apache Flink operator uses it), so no error leaves the last phase standing. The API server
 * refusing a write for good (400, 403 with its quota or admission message, 413, 422) stalls the
 * resource with the server's words, and it is looked at again only after an edit or, for a quota or
 * a policy fixed outside it, every few minutes; anything else (5xx, timeouts, conflicts, a bug) is
 * retried with back-off and said, and stalls once the retries are spent.
 */
final class ReconcileErrors {
  static final String REFUSED = "ApiRefused";
  static final String ERROR = "ReconcileError";

  /** The API server's answers that trying again will not change. */
  static final Set<Integer> PERMANENT = Set.of(400, 403, 413, 422);

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileErrors.class);
  private final EventRecorder events;
  private final Clock clock;

  /** For a refusal whose cause lies outside the resource (a quota, RBAC, a webhook). */
  private final Duration recheck;

  ReconcileErrors(EventRecorder events, Timings timings) {
    this.events = events;
    this.clock = timings.clock();
    this.recheck = timings.refusedRecheck();
  }

  /**
   * Says the error in the resource's status and tells java-operator-sdk what to do next. The status
   * is written here, as {@link StatusUpdate} writes it: java-operator-sdk's own error-status write
   * is a PATCH, which the chart (update on the status subresource only) does not grant.
   */
  <R extends CustomResource<?, ?>> ErrorStatusUpdateControl<R> report(
      R resource, ResourceStatus status, Context<R> context, Exception error) {
    StatusUpdate<R> update = StatusUpdate.of(resource);
    ErrorStatusUpdateControl<R> control = decide(resource, status, context.getRetryInfo(), error);
    try {
      update.write(context);
    } catch (RuntimeException e) { // the API refusing this write too, or conflicts to the end
      LOG.warn(
          "{} {}/{}: could not write the error status: {}",
          resource.getKind(),
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          e.getMessage());
    }
    return control;
  }

  /** The status for the error, in {@code status}, and what to do next; no request. */
  <R extends HasMetadata> ErrorStatusUpdateControl<R> decide(
      R resource, ResourceStatus status, Optional<RetryInfo> retry, Exception error) {
    long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
    KubernetesClientException api = apiError(error);
    boolean refused = api != null && PERMANENT.contains(api.getCode());
    String message =
        refused
            ? "the API server refused a request (" + api.getCode() + "): " + serverWords(api)
            : error.getClass().getSimpleName() + ": " + error.getMessage();
    // java-operator-sdk counts from 0: the first failure comes with attempt 0.
    int attempt = retry.map(RetryInfo::getAttemptCount).orElse(0) + 1;
    boolean spent = retry.map(RetryInfo::isLastAttempt).orElse(false);
    String reason = refused ? REFUSED : ERROR;
    if (status.message == null || !status.message.startsWith(message)) {
      events.warning(resource, reason, message);
      LOG.warn(
          "{} {}/{}: reconcile failed (attempt {})",
          resource.getKind(),
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          attempt,
          error);
    }
    if (refused || spent) {
      StatusConditions.apply(
          status,
          generation,
          State.STALLED,
          Phase.FAILED,
          reason,
          message + (refused ? "" : " (gave up after " + attempt + " attempts)"),
          clock.instant());
    } else {
      // Being retried, the generation is not yet observed: keeping the one before leaves an
      // edit visible to the next pass (a failed build is retried only after an edit).
      long observed =
          status.observedGeneration != null ? status.observedGeneration : generation - 1;
      StatusConditions.apply(
          status,
          observed,
          State.PROGRESSING,
          Phase.of(status.phase, Phase.PENDING),
          reason,
          message + " (attempt " + attempt + ", trying again)",
          clock.instant());
    }
    ErrorStatusUpdateControl<R> control = ErrorStatusUpdateControl.noStatusUpdate();
    if (refused) {
      return control.withNoRetry().rescheduleAfter(recheck);
    }
    return spent ? control.withNoRetry() : control;
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
        ? e.getStatus().getMessage()
        : e.getMessage();
  }
}
