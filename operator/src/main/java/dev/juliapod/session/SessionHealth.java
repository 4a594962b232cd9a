package dev.juliapod.session;

import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a session pod is doing, read from the status the scheduler and the kubelet write
 * (docs/design.md, "Session status"). Pure, so every case is tested without a cluster.
 *
 * @param ready the REPL runs
 * @param stalled it will not get better without a change (a crash loop, an image that
 *     cannot be pulled); the kubelet may still be retrying
 * @param reason for the SessionReady condition
 * @param notice what prepare.jl reported on a clean exit (session files kept aside, a
 *     Manifest that differs from the sysimage), or null
 */
public record SessionHealth(boolean ready, boolean stalled, String reason, String message,
    String notice) {
  /**
   * Waiting reasons of a container whose image cannot be had (kubernetes
   * pkg/kubelet/images/types.go). ErrImagePull is the first failure, retried at once;
   * ImagePullBackOff means it failed again.
   */
  private static final Set<String> PULL_STALLED = Set.of("ImagePullBackOff", "InvalidImageName",
      "ErrImageNeverPull");
  private static final Set<String> PULL = Set.of("ErrImagePull", "ImagePullBackOff",
      "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable");
  /** The kubelet could not start the container (pkg/kubelet/kuberuntime, sync_result.go). */
  private static final Set<String> START = Set.of("CreateContainerConfigError",
      "CreateContainerError", "RunContainerError");

  /** Reasons of a session on its way up, as opposed to one that is failing. */
  private static final Set<String> UNDER_WAY = Set.of("Starting", "Preparing", "Ready");

  public static SessionHealth starting(String message) {
    return new SessionHealth(false, false, "Starting", message, null);
  }

  /** Whether a SessionReady reason says the session is failing (it may still heal). */
  public static boolean failing(String reason) {
    return !UNDER_WAY.contains(reason);
  }

  public static SessionHealth of(Pod pod) {
    String name = pod.getMetadata().getName();
    ContainerStatus prepare = status(pod, true, SessionPod.PREPARE);
    ContainerStatus repl = status(pod, false, SessionPod.REPL);
    String notice = cleanExit(prepare).map(ContainerStateTerminated::getMessage)
        .filter(m -> m != null && !m.isBlank()).map(String::strip).orElse(null);
    if (isReady(pod)) {
      return new SessionHealth(true, false, "Ready", "session pod " + name + " runs the REPL",
          notice);
    }
    for (ContainerStatus container : new ContainerStatus[] {prepare, repl}) {
      SessionHealth failing = failing(pod, container);
      if (failing != null) {
        return failing;
      }
    }
    Optional<PodCondition> unschedulable = condition(pod, "PodScheduled")
        .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
    if (unschedulable.isPresent()) {
      // A cluster autoscaler may still add a node that fits: waiting, not stalled.
      return new SessionHealth(false, false, "Unschedulable", "session pod " + name
          + " fits on no node: " + unschedulable.get().getMessage() + "; lower"
          + " spec.session.resources or ask for a node that fits", null);
    }
    if (prepare != null && prepare.getState() != null
        && prepare.getState().getRunning() != null) {
      return new SessionHealth(false, false, "Preparing", "session pod " + name + " is"
          + " installing and precompiling the project's packages (follow it with: juliapod"
          + " logs --prepare " + juliaPod(pod) + ")", null);
    }
    return starting("starting session pod " + name);
  }

  private static SessionHealth failing(Pod pod, ContainerStatus container) {
    if (container == null) {
      return null;
    }
    boolean isPrepare = SessionPod.PREPARE.equals(container.getName());
    String step = isPrepare ? "the prepare step (init container prepare)"
        : "Julia (container julia)";
    ContainerStateWaiting waiting = container.getState() == null ? null
        : container.getState().getWaiting();
    String waitingReason = waiting == null ? null : waiting.getReason();
    if (waitingReason != null && PULL.contains(waitingReason)) {
      return new SessionHealth(false, PULL_STALLED.contains(waitingReason), "ImagePullFailed",
          "the session's image " + container.getImage() + " cannot be pulled (" + waitingReason
          + "): " + waiting.getMessage() + "; if the registry is private, name a pull Secret"
          + " in spec.session.imagePullSecrets", null);
    }
    if (waitingReason != null && START.contains(waitingReason)) {
      return new SessionHealth(false, true, "StartFailed", "the kubelet cannot start " + step
          + " (" + waitingReason + "): " + waiting.getMessage(), null);
    }
    ContainerStateTerminated ended = lastFailure(container);
    if (ended == null) {
      return null;
    }
    String words = ended.getMessage() == null || ended.getMessage().isBlank()
        ? " (it wrote nothing)" : ":\n" + ended.getMessage().strip();
    if ("OOMKilled".equals(ended.getReason())) {
      Quantity limit = memoryLimit(pod, container.getName());
      return new SessionHealth(false, true, "OOMKilled", step + " ran out of memory"
          + (limit == null ? "" : " (limit " + limit + ")") + " and was killed; raise"
          + " spec.session.resources.limits.memory" + words, null);
    }
    String how = "exited with code " + ended.getExitCode();
    if (isPrepare) {
      return new SessionHealth(false, true, "PrepareFailed", step + " " + how + "; restarts"
          + " so far: " + container.getRestartCount() + words, null);
    }
    return new SessionHealth(false, true, "CrashLoop", step + " " + how + " and is restarted"
        + " with growing delays (restart " + container.getRestartCount() + ")" + words, null);
  }

  /**
   * The failure a container is in or waits out: terminated now with a non-zero code, or
   * waiting in CrashLoopBackOff after one (its lastState). A container that runs again is
   * not failing, whatever it did before.
   */
  private static ContainerStateTerminated lastFailure(ContainerStatus container) {
    ContainerState state = container.getState();
    if (state == null || state.getRunning() != null) {
      return null;
    }
    ContainerStateTerminated now = state.getTerminated();
    if (now != null) {
      return failed(now) ? now : null;
    }
    ContainerStateTerminated before = container.getLastState() == null ? null
        : container.getLastState().getTerminated();
    boolean backingOff = state.getWaiting() != null
        && "CrashLoopBackOff".equals(state.getWaiting().getReason());
    return backingOff && before != null && failed(before) ? before : null;
  }

  private static boolean failed(ContainerStateTerminated terminated) {
    return !Objects.equals(terminated.getExitCode(), 0)
        || "OOMKilled".equals(terminated.getReason());
  }

  private static Optional<ContainerStateTerminated> cleanExit(ContainerStatus container) {
    return Optional.ofNullable(container).map(ContainerStatus::getState)
        .map(ContainerState::getTerminated).filter(t -> Objects.equals(t.getExitCode(), 0));
  }

  private static ContainerStatus status(Pod pod, boolean init, String name) {
    if (pod.getStatus() == null) {
      return null;
    }
    List<ContainerStatus> list = init ? pod.getStatus().getInitContainerStatuses()
        : pod.getStatus().getContainerStatuses();
    return list == null ? null
        : list.stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
  }

  private static boolean isReady(Pod pod) {
    return condition(pod, "Ready").filter(c -> "True".equals(c.getStatus())).isPresent();
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
        : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
            .findFirst();
  }

  private static Quantity memoryLimit(Pod pod, String container) {
    return pod.getSpec().getContainers().stream().filter(c -> container.equals(c.getName()))
        .findFirst().or(() -> pod.getSpec().getInitContainers().stream()
            .filter(c -> container.equals(c.getName())).findFirst())
        .map(c -> c.getResources() == null || c.getResources().getLimits() == null ? null
            : c.getResources().getLimits().get("memory")).orElse(null);
  }

  private static String juliaPod(Pod pod) {
    return pod.getMetadata().getLabels() == null ? pod.getMetadata().getName()
        : pod.getMetadata().getLabels().getOrDefault(Labels.JULIAPOD,
            pod.getMetadata().getName());
  }
}
