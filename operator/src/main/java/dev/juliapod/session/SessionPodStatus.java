package dev.juliapod.session;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the scheduler and the kubelet wrote in a session pod's status, read as it is: which
 * container ended how, which conditions hold. {@link SessionHealth} and {@link ContainerFailure}
 * judge it.
 */
final class SessionPodStatus {
  private SessionPodStatus() {}

  /**
   * The failure a container is in or waits out: terminated now with a non-zero code, or waiting in
   * CrashLoopBackOff after one (its lastState). A container that runs again is not failing,
   * whatever it did before.
   */
  static ContainerStateTerminated lastFailure(ContainerStatus container) {
    ContainerState state = container.getState();
    if (state == null || state.getRunning() != null) {
      return null;
    }
    ContainerStateTerminated now = state.getTerminated();
    if (now != null) {
      return failed(now) ? now : null;
    }
    ContainerStateTerminated before =
        container.getLastState() == null ? null : container.getLastState().getTerminated();
    boolean backingOff =
        state.getWaiting() != null && "CrashLoopBackOff".equals(state.getWaiting().getReason());
    return backingOff && before != null && failed(before) ? before : null;
  }

  private static boolean failed(ContainerStateTerminated terminated) {
    return !Objects.equals(terminated.getExitCode(), 0)
        || "OOMKilled".equals(terminated.getReason());
  }

  static Optional<ContainerStateTerminated> cleanExit(ContainerStatus container) {
    return Optional.ofNullable(container)
        .map(ContainerStatus::getState)
        .map(ContainerState::getTerminated)
        .filter(t -> Objects.equals(t.getExitCode(), 0));
  }

  static ContainerStatus status(Pod pod, boolean init, String name) {
    if (pod.getStatus() == null) {
      return null;
    }
    List<ContainerStatus> list =
        init ? pod.getStatus().getInitContainerStatuses() : pod.getStatus().getContainerStatuses();
    return list == null
        ? null
        : list.stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
  }

  static boolean isReady(Pod pod) {
    return condition(pod, "Ready").filter(c -> "True".equals(c.getStatus())).isPresent();
  }

  static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? Optional.empty()
        : pod.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst();
  }

  /**
   * The scheduler's PodScheduled False with reason Unschedulable (kube-scheduler
   * handleSchedulingFailure), whose message says why no node fits.
   */
  static Optional<PodCondition> unschedulable(Pod pod) {
    return condition(pod, "PodScheduled")
        .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
  }
}
