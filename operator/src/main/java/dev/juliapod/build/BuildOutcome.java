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
import java.util.regex.Pattern;

/**
 * Reads a Kaniko Job and its pods into what the JuliaSysimage status says: still running,
 * pushed (with the digest Kaniko wrote to the termination log), or failed with a reason a
 * person can act on. Pure: the caller fetches the objects and the log tail.
 */
public sealed interface BuildOutcome {
  Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  Set<String> PULL_FAILURES = Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  /** @param detail what the build waits for, or null when it simply runs */
  record Running(String detail) implements BuildOutcome {}

  record Succeeded(String digest) implements BuildOutcome {}

  /** @param reason a CamelCase word for conditions and events */
  record Failed(String reason, String message) implements BuildOutcome {}

  /**
   * The Job completed but its pod, and with it the digest, is gone (deleted, or lost with its
   * node): the registry knows whether the push happened.
   */
  record PodGone(String message) implements BuildOutcome {}

  /**
   * The Job failed because its pod was evicted, preempted or lost with its node (the
   * DisruptionTarget condition), where the API server predates podFailurePolicy: not the
   * build's fault, so it starts again.
   */
  record Disrupted(String message) implements BuildOutcome {}

  /** The Job controller's label on its pods (kubernetes 1.27+), and the one before it. */
  List<String> CONTROLLER_UID = List.of("batch.kubernetes.io/controller-uid", "controller-uid");

  /**
   * The pods of this Job, the one that tells how it went first: build pods of the sysimage's
   * earlier Jobs carry the same labels, and a Job whose pod was disrupted has a newer one.
   */
  static List<Pod> podsOf(Job job, List<Pod> pods) {
    String uid = job.getMetadata().getUid();
    return pods.stream().filter(p -> uid != null && p.getMetadata() != null
            && (CONTROLLER_UID.stream()
            .anyMatch(l -> p.getMetadata().getLabels() != null
                && uid.equals(p.getMetadata().getLabels().get(l)))
            || Objects.requireNonNullElse(p.getMetadata().getOwnerReferences(),
                List.<io.fabric8.kubernetes.api.model.OwnerReference>of()).stream()
                .anyMatch(r -> uid.equals(r.getUid()))))
        .sorted(java.util.Comparator.comparing(BuildOutcome::disrupted)
            .thenComparing(java.util.Comparator.comparing((Pod p) -> Objects.requireNonNullElse(
                p.getMetadata().getCreationTimestamp(), "")).reversed()))
        .toList();
  }

  /**
   * A pod the cluster stopped (the DisruptionTarget condition), which the Job replaces: its
   * replacement says how the build went, and creation times have only whole seconds, so
   * they cannot always tell which came later.
   */
  private static boolean disrupted(Pod pod) {
    return podConditions(pod).stream().anyMatch(c -> "DisruptionTarget".equals(c.getType())
        && "True".equals(c.getStatus()));
  }

  /** @param allPods the sysimage's build pods; those of other Jobs are left out */
  static BuildOutcome of(Job job, List<Pod> allPods, String executorImage) {
    List<Pod> pods = podsOf(job, allPods);
    // The newest pod only: an older one of the same Job was disrupted and replaced.
    Optional<ContainerStatus> kaniko = pods.stream().limit(1)
        .flatMap(p -> Objects.requireNonNullElse(p.getStatus() == null ? null
            : p.getStatus().getContainerStatuses(), List.<ContainerStatus>of()).stream())
        .filter(s -> "kaniko".equals(s.getName())).findFirst();
    Optional<ContainerStateTerminated> ended = kaniko
        .map(s -> s.getState() == null ? null : s.getState().getTerminated());
    if (condition(job, "Complete")) {
      if (pods.isEmpty()) {
        return new PodGone("build Job " + job.getMetadata().getName() + " completed, but its"
            + " pod is gone with the digest it reported");
      }
      if (ended.isEmpty()) {
        // Pods and Jobs come through separate watches: the Job can say Complete before the
        // pod's final status reaches the cache. Its update triggers the next reconcile.
        return new Running("the build finished; waiting for its pod's termination message (if"
            + " the pod was deleted, delete Job " + job.getMetadata().getName()
            + " to build again)");
      }
      String message = ended.map(ContainerStateTerminated::getMessage).orElse("");
      var digest = DIGEST.matcher(Objects.requireNonNullElse(message, ""));
      return digest.find() ? new Succeeded(digest.group())
          : new Failed("NoDigest", "the build finished but reported no image digest in its"
              + " termination message; check the executor image (" + executorImage + ")");
    }
    Optional<String> unschedulable = unschedulable(pods);
    if (condition(job, "Failed")) {
      Optional<PodCondition> disrupted = pods.stream().findFirst().flatMap(p ->
          podConditions(p).stream().filter(c -> "DisruptionTarget".equals(c.getType())
              && "True".equals(c.getStatus())).findFirst());
      // Only a Job that failed for its pod: one that ran out of time while its disrupted pod
      // waited to be replaced is not rebuilt with a fresh deadline, again and again.
      boolean podFailed = jobCondition(job, "Failed").map(c -> "BackoffLimitExceeded"
          .equals(c.getReason())).orElse(false);
      if (disrupted.isPresent() && podFailed) {
        return new Disrupted("the build pod was stopped by the cluster ("
            + disrupted.get().getReason() + ": " + disrupted.get().getMessage() + ")");
      }
      if (ended.isPresent() && "OOMKilled".equals(ended.get().getReason())) {
        return new Failed("OOMKilled", "the build ran out of memory: raise"
            + " spec.build.resources.limits.memory (sysimage builds need several GiB)");
      }
      if (ended.isPresent() && ended.get().getExitCode() != null
          && ended.get().getExitCode() != 0) {
        return new Failed("BuildFailed", "the Kaniko executor exited with code "
            + ended.get().getExitCode() + "; the log tail below shows why");
      }
      String reason = jobCondition(job, "Failed").map(JobCondition::getReason).orElse("Failed");
      if ("DeadlineExceeded".equals(reason)) {
        return new Failed(reason, "the build ran longer than spec.build.deadlineSeconds ("
            + job.getSpec().getActiveDeadlineSeconds() + " s)"
            + unschedulable.map(u -> "; its pod was never scheduled: " + u).orElse("")
            + "; raise the deadline or the build resources");
      }
      return new Failed(reason, jobCondition(job, "Failed").map(JobCondition::getMessage)
          .orElse("the build Job failed"));
    }
    Optional<ContainerStateWaiting> waiting = kaniko
        .map(s -> s.getState() == null ? null : s.getState().getWaiting());
    if (waiting.isPresent() && PULL_FAILURES.contains(waiting.get().getReason())) {
      return new Failed("ExecutorImagePullFailed", "cannot pull the Kaniko executor image "
          + executorImage + ": " + waiting.get().getMessage()
          + "; set spec.build.executorImage or the operator's --executor-image");
    }
    return new Running(unschedulable.map(u -> "the build pod cannot be scheduled: " + u)
        .orElse(null));
  }

  /**
   * What the failed executor said in its termination message: with FallbackToLogsOnError the
   * kubelet puts the end of the log there when the file is empty. Kaniko also writes the
   * digest file for each layer it pushes to the cache (pkg/executor/push.go,
   * pushLayerToCache calls DoPush with the same options), so a digest there says nothing.
   */
  public static Optional<String> output(List<Pod> pods) {
    return pods.stream()
        .flatMap(p -> Objects.requireNonNullElse(p.getStatus() == null ? null
            : p.getStatus().getContainerStatuses(), List.<ContainerStatus>of()).stream())
        .filter(s -> "kaniko".equals(s.getName()) && s.getState() != null
            && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated().getMessage())
        .filter(m -> m != null && !m.isBlank() && !DIGEST.matcher(m.strip()).matches())
        .map(String::strip).findFirst();
  }

  private static boolean condition(Job job, String type) {
    return jobCondition(job, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Optional<JobCondition> jobCondition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
        .filter(c -> "True".equals(c.getStatus())).findFirst();
  }

  private static List<PodCondition> podConditions(Pod pod) {
    return Objects.requireNonNullElse(pod.getStatus() == null ? null
        : pod.getStatus().getConditions(), List.of());
  }

  private static Optional<String> unschedulable(List<Pod> pods) {
    return pods.stream()
        .flatMap(p -> podConditions(p).stream())
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
            && "Unschedulable".equals(c.getReason()))
        .map(PodCondition::getMessage).filter(Objects::nonNull).findFirst();
  }
}
