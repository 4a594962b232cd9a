package dev.juliapod.build;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A build Job whose pod the API server refuses. Admission checks pods, not a Job's template (Pod
 * Security admission, ResourceQuota, webhooks), so the Job exists and its controller records a
 * FailedCreate event for each refused pod and tries again with back-off (kubernetes
 * pkg/controller/job/job_controller.go; the event from pkg/controller/controller_utils.go,
 * FailedCreatePodReason), while no pod ever appears. Pure: the caller lists the Job's events.
 */
public final class BuildPodRejection {
  public static final String REASON = "BuildPodRejected";

  /** The Job controller's event reason for a pod it could not create. */
  static final String FAILED_CREATE = "FailedCreate";

  private BuildPodRejection() {}

  /** Whether the Job has had long enough to make a pod and has none. */
  public static boolean overdue(
      Job job, List<io.fabric8.kubernetes.api.model.Pod> jobPods, Instant now, Duration patience) {
    return jobPods.isEmpty() && age(job, now).compareTo(patience) >= 0;
  }

  /** How long until {@link #overdue} could say yes. */
  public static Duration remaining(Job job, Instant now, Duration patience) {
    Duration left = patience.minus(age(job, now));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The refusal, from the latest FailedCreate event of this Job, if there is one. */
  public static Optional<BuildOutcome.Failed> of(Job job, List<Event> events) {
    String uid = job.getMetadata().getUid();
    return events.stream()
        .filter(
            e ->
                FAILED_CREATE.equals(e.getReason())
                    && e.getInvolvedObject() != null
                    && Objects.equals(uid, e.getInvolvedObject().getUid()))
        .max(Comparator.comparing(BuildPodRejection::when))
        .map(
            e ->
                new BuildOutcome.Failed(
                    REASON,
                    "the API server refuses the build pod of"
                        + " Job "
                        + job.getMetadata().getName()
                        + ": "
                        + e.getMessage()
                        + hint(e.getMessage())));
  }

  private static String hint(String message) {
    String text = Objects.requireNonNullElse(message, "");
    if (text.contains("violates PodSecurity")) {
      return "; Kaniko builds run as root, which the namespace's Pod Security level refuses:"
          + " build in a namespace at the baseline level (label"
          + " pod-security.kubernetes.io/enforce=baseline), or in a separate build namespace";
    }
    if (text.contains("exceeded quota")) {
      return "; the namespace's ResourceQuota has no room for the build: raise the quota, or"
          + " lower spec.build.resources (the operator's --build-memory)";
    }
    return "";
  }

  private static String when(Event event) {
    return Objects.requireNonNullElse(
        event.getLastTimestamp(), Objects.requireNonNullElse(event.getFirstTimestamp(), ""));
  }

  private static Duration age(Job job, Instant now) {
    String created = job.getMetadata().getCreationTimestamp();
    return created == null ? Duration.ZERO : Duration.between(Instant.parse(created), now);
  }
}
