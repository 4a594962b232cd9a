package dev.juliapod.session;

import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Optional;
import java.util.Set;

/**
 * What a session pod is doing, read from the status the scheduler and the kubelet write
 * (docs/design.md, "Session status"). Pure, so every case is tested without a cluster.
 *
 * @param ready the REPL runs
 * @param stalled it will not get better without a change (a crash loop, an image that cannot be
 *     pulled); the kubelet may still be retrying
 * @param reason for the SessionReady condition
 * @param notice what prepare.jl reported on a clean exit (session files kept aside, a Manifest that
 *     differs from the sysimage), or null
 */
public record SessionHealth(
    boolean ready, boolean stalled, String reason, String message, String notice) {
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
    ContainerStatus prepare = SessionPodStatus.status(pod, true, SessionPod.PREPARE);
    ContainerStatus repl = SessionPodStatus.status(pod, false, SessionPod.REPL);
    String notice =
        SessionPodStatus.cleanExit(prepare)
            .map(ContainerStateTerminated::getMessage)
            .filter(m -> m != null && !m.isBlank())
            .map(String::strip)
            .orElse(null);
    // The pod is Ready when every container is (kubernetes pkg/kubelet/status/generate.go,
    // GeneratePodReadyCondition, from ContainersReady): the activity sidecar restarting would make
    // a running REPL look down. So a running REPL is ready where the kubelet itself says a
    // container is not (ContainersReady False); not where the node controller marked the pod not
    // Ready (a node gone: MarkPodsNotReady sets Ready only,
    // pkg/controller/util/node/controller_utils.go).
    if (SessionPodStatus.isReady(pod)
        || (repl != null
            && Boolean.TRUE.equals(repl.getReady())
            && repl.getState() != null
            && repl.getState().getRunning() != null
            && SessionPodStatus.condition(pod, "ContainersReady")
                .filter(c -> "False".equals(c.getStatus()))
                .isPresent())) {
      return new SessionHealth(
          true, false, "Ready", "session pod " + name + " runs the REPL", notice);
    }
    for (ContainerStatus container : new ContainerStatus[] {prepare, repl}) {
      SessionHealth failing = ContainerFailure.of(pod, container);
      if (failing != null) {
        return failing;
      }
    }
    Optional<PodCondition> unschedulable = SessionPodStatus.unschedulable(pod);
    if (unschedulable.isPresent()) {
      // A cluster autoscaler may still add a node that fits: waiting, not stalled.
      return new SessionHealth(
          false,
          false,
          "Unschedulable",
          "session pod "
              + name
              + " fits on no node: "
              + unschedulable.get().getMessage()
              + "; lower"
              + " spec.session.resources or ask for a node that fits",
          null);
    }
    if (prepare != null && prepare.getState() != null && prepare.getState().getRunning() != null) {
      return new SessionHealth(
          false,
          false,
          "Preparing",
          "session pod "
              + name
              + " is"
              + " installing and precompiling the project's packages (follow it with: juliapod"
              + " logs --prepare "
              + juliaPod(pod)
              + ")",
          null);
    }
    return starting("starting session pod " + name);
  }

  private static String juliaPod(Pod pod) {
    return pod.getMetadata().getLabels() == null
        ? pod.getMetadata().getName()
        : pod.getMetadata().getLabels().getOrDefault(Labels.JULIAPOD, pod.getMetadata().getName());
  }
}
