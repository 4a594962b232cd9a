package dev.juliapod.session;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a worker pod is doing, read as {@link SessionHealth} reads a session pod (docs/design.md,
 * "Session status"), with the pod named in every message: a JuliaPod has several.
 */
public final class WorkerHealth {
  /** Ready in the sense of status: a worker the session has joined. */
  public static final String IN_USE = "InUse";

  private WorkerHealth() {}

  /**
   * Whether a session has joined this worker: the worker then leaves the readiness probe's file
   * (worker.jl), so the kubelet turns the pod not Ready after it had been Ready since its container
   * started. The Ready condition's lastTransitionTime moves only when its status does (kubernetes
   * pkg/kubelet/status/status_manager.go, updateLastTransitionTime), so a pod not Ready since
   * before its container started is one still on its way up.
   */
  static boolean joined(Pod pod, ContainerStatus julia) {
    if (julia == null
        || julia.getState() == null
        || julia.getState().getRunning() == null
        || julia.getState().getRunning().getStartedAt() == null) {
      return false;
    }
    Optional<PodCondition> ready =
        SessionPodStatus.condition(pod, "Ready")
            .filter(c -> "False".equals(c.getStatus()) && c.getLastTransitionTime() != null);
    if (ready.isEmpty()) {
      return false;
    }
    try {
      return Instant.parse(ready.get().getLastTransitionTime())
          .isAfter(Instant.parse(julia.getState().getRunning().getStartedAt()));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  public static SessionHealth of(Pod pod) {
    String name = pod.getMetadata().getName();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return new SessionHealth(
          false, false, "Terminating", "worker pod " + name + " is stopping", null);
    }
    if (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
      // Evicted, its node shut down, refused by the kubelet (OutOfnvidia.com/gpu): it will not
      // run again, and is replaced (WorkersStep.FAILED_KEPT).
      String why = pod.getStatus().getReason() == null ? "Failed" : pod.getStatus().getReason();
      return new SessionHealth(
          false,
          false,
          "PodFailed",
          "worker pod "
              + name
              + " failed ("
              + why
              + (pod.getStatus().getMessage() == null ? "" : ": " + pod.getStatus().getMessage())
              + "); it is replaced",
          null);
    }
    if (SessionPodStatus.isReady(pod)) {
      return new SessionHealth(true, false, "Ready", "worker pod " + name + " listens", null);
    }
    ContainerStatus prepare = SessionPodStatus.status(pod, true, SessionPod.PREPARE);
    ContainerStatus julia = SessionPodStatus.status(pod, false, SessionPod.REPL);
    for (ContainerStatus container : new ContainerStatus[] {prepare, julia}) {
      SessionHealth failing = ContainerFailure.of(pod, container, "spec.workers.resources");
      if (failing != null) {
        return new SessionHealth(
            false,
            failing.stalled(),
            failing.reason(),
            "worker pod " + name + ": " + failing.message(),
            null);
      }
    }
    if (joined(pod, julia)) {
      return new SessionHealth(
          true, false, IN_USE, "worker pod " + name + " is a worker of the session", null);
    }
    Optional<PodCondition> unschedulable = SessionPodStatus.unschedulable(pod);
    if (unschedulable.isPresent()) {
      return new SessionHealth(
          false,
          false,
          "Unschedulable",
          "worker pod "
              + name
              + " fits on no node: "
              + unschedulable.get().getMessage()
              + "; lower spec.workers.resources, fewer replicas, or a node that fits",
          null);
    }
    if (prepare != null && prepare.getState() != null && prepare.getState().getRunning() != null) {
      return new SessionHealth(
          false,
          false,
          "Preparing",
          "worker pod " + name + " is installing and precompiling the project's packages",
          null);
    }
    return SessionHealth.starting("starting worker pod " + name);
  }
}
