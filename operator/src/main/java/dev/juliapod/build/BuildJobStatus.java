package dev.juliapod.build;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Kaniko Job's conditions and its pods into a {@link BuildOutcome}, with the reason a
 * person can act on. Pure: the caller fetches the objects and the log tail.
 */
public final class BuildJobStatus {
  private static final Set<String> PULL_FAILURES =
      Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  private BuildJobStatus() {}

  /**
   * @param allPods the sysimage's build pods; those of other Jobs are left out
   */
  public static BuildOutcome outcome(Job job, List<Pod> allPods, String executorImage) {
    List<Pod> pods = BuildPods.of(job, allPods);
    // The newest pod only: an older one of the same Job was disrupted and replaced.
    Optional<ContainerStatus> kaniko =
        pods.stream().limit(1).flatMap(BuildPods::kaniko).findFirst();
    Optional<ContainerStateTerminated> ended =
        kaniko.map(s -> s.getState() == null ? null : s.getState().getTerminated());
    if (condition(job, "Complete")) {
      if (pods.isEmpty()) {
        return new BuildOutcome.PodGone(
            "build Job "
                + job.getMetadata().getName()
                + " completed, but its"
                + " pod is gone with the digest it reported");
      }
      if (ended.isEmpty()) {
        // Pods and Jobs come through separate watches: the Job can say Complete before the
        // pod's final status reaches the cache. Its update triggers the next reconcile.
        return new BuildOutcome.Running(
            "the build finished; waiting for its pod's termination message (if"
                + " the pod was deleted, delete Job "
                + job.getMetadata().getName()
                + " to build again)");
      }
      String message = ended.map(ContainerStateTerminated::getMessage).orElse("");
      var digest = BuildPods.DIGEST.matcher(Objects.requireNonNullElse(message, ""));
      return digest.find()
          ? new BuildOutcome.Succeeded(digest.group())
          : new BuildOutcome.Failed(
              "NoDigest",
              "the build finished but reported no image digest in its"
                  + " termination message; check the executor image ("
                  + executorImage
                  + ")");
    }
    Optional<String> unschedulable = BuildPods.unschedulable(pods);
    if (condition(job, "Failed")) {
      Optional<PodCondition> disrupted = pods.stream().findFirst().flatMap(BuildPods::disruption);
      // Only a Job that failed for its pod: one that ran out of time while its disrupted pod
      // waited to be replaced is not rebuilt with a fresh deadline, again and again.
      boolean podFailed =
          jobCondition(job, "Failed")
              .map(c -> "BackoffLimitExceeded".equals(c.getReason()))
              .orElse(false);
      if (disrupted.isPresent() && podFailed) {
        return new BuildOutcome.Disrupted(
            "the build pod was stopped by the cluster ("
                + disrupted.get().getReason()
                + ": "
                + disrupted.get().getMessage()
                + ")");
      }
      if (podFailed && ended.isEmpty() && !pods.isEmpty()) {
        // The Job controller counts pods whose phase is Failed before it gives up
        // (kubernetes.io/docs/concepts/workloads/controllers/job/, "Pod backoff failure
        // policy"), but the pod's final status reaches this cache through its own watch, maybe
        // after the Job's: wait for it, or the failure would be reported, for good, without
        // the container's own words (the pod's update triggers the next reconcile).
        return new BuildOutcome.Running("the build failed; waiting for its pod's final status");
      }
      if (ended.isPresent() && "OOMKilled".equals(ended.get().getReason())) {
        return new BuildOutcome.Failed(
            "OOMKilled",
            "the build ran out of memory: raise"
                + " spec.build.resources.limits.memory (sysimage builds need several GiB)");
      }
      if (ended.isPresent()
          && ended.get().getExitCode() != null
          && ended.get().getExitCode() != 0) {
        return new BuildOutcome.Failed(
            "BuildFailed",
            "the Kaniko executor exited with code "
                + ended.get().getExitCode()
                + "; the log tail below shows why");
      }
      String reason = jobCondition(job, "Failed").map(JobCondition::getReason).orElse("Failed");
      if ("DeadlineExceeded".equals(reason)) {
        return new BuildOutcome.Failed(
            reason,
            "the build ran longer than spec.build.deadlineSeconds ("
                + job.getSpec().getActiveDeadlineSeconds()
                + " s)"
                + unschedulable.map(u -> "; its pod was never scheduled: " + u).orElse("")
                + "; raise the deadline or the build resources");
      }
      return new BuildOutcome.Failed(
          reason,
          jobCondition(job, "Failed").map(JobCondition::getMessage).orElse("the build Job failed"));
    }
    Optional<ContainerStateWaiting> waiting =
        kaniko.map(s -> s.getState() == null ? null : s.getState().getWaiting());
    if (waiting.isPresent() && PULL_FAILURES.contains(waiting.get().getReason())) {
      return new BuildOutcome.Failed(
          "ExecutorImagePullFailed",
          "cannot pull the Kaniko executor image "
              + executorImage
              + ": "
              + waiting.get().getMessage()
              + "; set spec.build.executorImage or the operator's --executor-image");
    }
    return new BuildOutcome.Running(
        unschedulable.map(u -> "the build pod cannot be scheduled: " + u).orElse(null));
  }

  /** Whether the Job controller has ended the Job, either way. */
  public static boolean ended(Job job) {
    return condition(job, "Complete") || condition(job, "Failed");
  }

  private static boolean condition(Job job, String type) {
    return jobCondition(job, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Optional<JobCondition> jobCondition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .filter(c -> "True".equals(c.getStatus()))
        .findFirst();
  }
}
