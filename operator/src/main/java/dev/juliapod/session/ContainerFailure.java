package dev.juliapod.session;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Set;

/**
 * Why a container of a session pod fails, if it does, and whether that will not get better without
 * a change: the reasons the kubelet gives, each with what a person can do about it.
 */
final class ContainerFailure {
  /**
   * Waiting reasons of a container whose image cannot be had (kubernetes
   * pkg/kubelet/images/types.go). ErrImagePull is the first failure, retried at once;
   * ImagePullBackOff means it failed again.
   */
  private static final Set<String> PULL_STALLED =
      Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  private static final Set<String> PULL =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "RegistryUnavailable");

  /** The kubelet could not start the container (pkg/kubelet/kuberuntime, sync_result.go). */
  private static final Set<String> START =
      Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

  private ContainerFailure() {}

  /** The failing health of the session for this container, or null when it is not failing. */
  static SessionHealth of(Pod pod, ContainerStatus container) {
    return of(pod, container, "spec.session.resources");
  }

  /**
   * @param resources the JuliaPod's field that sets this pod's resources
   */
  static SessionHealth of(Pod pod, ContainerStatus container, String resources) {
    if (container == null) {
      return null;
    }
    boolean isPrepare = SessionPod.PREPARE.equals(container.getName());
    String step =
        isPrepare ? "the prepare step (init container prepare)" : "Julia (container julia)";
    ContainerStateWaiting waiting =
        container.getState() == null ? null : container.getState().getWaiting();
    String waitingReason = waiting == null ? null : waiting.getReason();
    if (waitingReason != null && PULL.contains(waitingReason)) {
      return new SessionHealth(
          false,
          PULL_STALLED.contains(waitingReason),
          "ImagePullFailed",
          "the session's image "
              + container.getImage()
              + " cannot be pulled ("
              + waitingReason
              + "): "
              + waiting.getMessage()
              + "; if the registry is private, name a pull Secret"
              + " in spec.session.imagePullSecrets",
          null);
    }
    if (waitingReason != null && START.contains(waitingReason)) {
      return new SessionHealth(
          false,
          true,
          "StartFailed",
          "the kubelet cannot start " + step + " (" + waitingReason + "): " + waiting.getMessage(),
          null);
    }
    ContainerStateTerminated ended = SessionPodStatus.lastFailure(container);
    if (ended == null) {
      return null;
    }
    String words =
        ended.getMessage() == null || ended.getMessage().isBlank()
            ? " (it wrote nothing)"
            : ":\n" + ended.getMessage().strip();
    if ("OOMKilled".equals(ended.getReason())) {
      Quantity limit = memoryLimit(pod, container.getName());
      return new SessionHealth(
          false,
          true,
          "OOMKilled",
          step
              + " ran out of memory"
              + (limit == null ? "" : " (limit " + limit + ")")
              + " and was killed; raise"
              + " "
              + resources
              + ".limits.memory"
              + words,
          null);
    }
    String how = "exited with code " + ended.getExitCode();
    if (isPrepare) {
      return new SessionHealth(
          false,
          true,
          "PrepareFailed",
          step + " " + how + "; restarts" + " so far: " + container.getRestartCount() + words,
          null);
    }
    return new SessionHealth(
        false,
        true,
        "CrashLoop",
        step
            + " "
            + how
            + " and is restarted"
            + " with growing delays (restart "
            + container.getRestartCount()
            + ")"
            + words,
        null);
  }

  private static Quantity memoryLimit(Pod pod, String container) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> container.equals(c.getName()))
        .findFirst()
        .or(
            () ->
                pod.getSpec().getInitContainers().stream()
                    .filter(c -> container.equals(c.getName()))
                    .findFirst())
        .map(
            c ->
                c.getResources() == null || c.getResources().getLimits() == null
                    ? null
                    : c.getResources().getLimits().get("memory"))
        .orElse(null);
  }
}
