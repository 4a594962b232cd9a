package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;
import java.util.function.Function;

/**
 * The status a session pod gets from the scheduler and the kubelet, for each way it can go. Shapes
 * as Kubernetes writes them: an init container that fails under restartPolicy Always leaves the pod
 * Pending, itself waiting in CrashLoopBackOff with the failure as lastState and the main container
 * waiting in PodInitializing (kubernetes pkg/kubelet/kubelet_pods.go, getPhase and
 * convertToAPIContainerStatuses); image pull reasons from pkg/kubelet/images/types.go;
 * Unschedulable from kube-scheduler's handleSchedulingFailure (pkg/scheduler/schedule_one.go);
 * OOMKilled is the container runtime's reason (containerd internal/cri/server/helpers.go).
 * Termination messages follow the container's terminationMessagePolicy as {@link
 * SimulatedCluster#terminationMessage} does.
 */
public final class SimulatedKubelet {
  private SimulatedKubelet() {}

  /** Both containers ran; prepare left {@code notice} in its termination file, or null. */
  public static Function<Pod, PodStatus> ready(String notice) {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Running")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("True")
            .endCondition()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .withInitContainerStatuses(terminated(pod, "prepare", 0, "Completed", notice, ""))
            // The REPL and, with idle culling on, the activity listener.
            .withContainerStatuses(
                pod.getSpec().getContainers().stream()
                    .map(c -> running(pod, c.getName(), 0))
                    .toList())
            .build();
  }

  /**
   * The REPL runs; the activity listener crashes and waits out its back-off. The kubelet then
   * reports ContainersReady and Ready False (pkg/kubelet/status/generate.go).
   */
  public static Function<Pod, PodStatus> listenerCrashes(String log) {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Running")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("True")
            .endCondition()
            .addNewCondition()
            .withType("ContainersReady")
            .withStatus("False")
            .withReason("ContainersNotReady")
            .endCondition()
            .addNewCondition()
            .withType("Ready")
            .withStatus("False")
            .withReason("ContainersNotReady")
            .endCondition()
            .withInitContainerStatuses(terminated(pod, "prepare", 0, "Completed", null, ""))
            .withContainerStatuses(
                running(pod, "julia", 0), backingOff(pod, "activity", 1, "Error", log))
            .build();
  }

  /** prepare.jl fails each time it runs, printing {@code log}. */
  public static Function<Pod, PodStatus> prepareFails(int exitCode, String log) {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("True")
            .endCondition()
            .addNewCondition()
            .withType("Initialized")
            .withStatus("False")
            .withReason("ContainersNotInitialized")
            .endCondition()
            .withInitContainerStatuses(backingOff(pod, "prepare", exitCode, "Error", log))
            .withContainerStatuses(waiting(pod, "julia", "PodInitializing", null))
            .build();
  }

  /** The REPL container is killed for memory after prepare succeeded, again and again. */
  public static Function<Pod, PodStatus> replOomKilled(String log) {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Running")
            .addNewCondition()
            .withType("Ready")
            .withStatus("False")
            .withReason("ContainersNotReady")
            .endCondition()
            .withInitContainerStatuses(terminated(pod, "prepare", 0, "Completed", null, ""))
            .withContainerStatuses(backingOff(pod, "julia", 137, "OOMKilled", log))
            .build();
  }

  /** Julia exits with an error at start (a bad juliaArgs flag), again and again. */
  public static Function<Pod, PodStatus> replCrashes(int exitCode, String log) {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Running")
            .addNewCondition()
            .withType("Ready")
            .withStatus("False")
            .withReason("ContainersNotReady")
            .endCondition()
            .withInitContainerStatuses(terminated(pod, "prepare", 0, "Completed", null, ""))
            .withContainerStatuses(backingOff(pod, "julia", exitCode, "Error", log))
            .build();
  }

  /** The image is not in the registry, or the registry wants credentials. */
  public static Function<Pod, PodStatus> imagePullBackOff() {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("True")
            .endCondition()
            .withInitContainerStatuses(
                waiting(
                    pod,
                    "prepare",
                    "ImagePullBackOff",
                    "Back-off pulling image \"" + image(pod, "prepare") + "\""))
            .withContainerStatuses(waiting(pod, "julia", "PodInitializing", null))
            .build();
  }

  /**
   * A worker pod a session joined: worker.jl removed the readiness probe's file, so the kubelet
   * turned the pod (and its container) not Ready after it had been Ready since the container
   * started; the condition's lastTransitionTime moves only with its status
   * (pkg/kubelet/status/status_manager.go, updateLastTransitionTime).
   */
  public static Function<Pod, PodStatus> joined() {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Running")
            .withPodIP("127.0.0.1")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("True")
            .endCondition()
            .addNewCondition()
            .withType("ContainersReady")
            .withStatus("False")
            .withLastTransitionTime("2026-11-30T06:05:00Z")
            .endCondition()
            .addNewCondition()
            .withType("Ready")
            .withStatus("False")
            .withReason("ContainersNotReady")
            .withLastTransitionTime("2026-11-30T06:05:00Z")
            .endCondition()
            .withInitContainerStatuses(terminated(pod, "prepare", 0, "Completed", null, ""))
            .withContainerStatuses(
                new ContainerStatusBuilder(running(pod, "julia", 0)).withReady(false).build())
            .build();
  }

  /**
   * Evicted (the node ran short of memory or disk): phase Failed with the kubelet's reason, a pod
   * that never runs again (pkg/kubelet/eviction/eviction_manager.go).
   */
  public static Function<Pod, PodStatus> evicted() {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .build();
  }

  /** No node has room for the pod's requests. */
  public static Function<Pod, PodStatus> unschedulable(String why) {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage(why)
            .endCondition()
            .build();
  }

  private static ContainerStatus backingOff(
      Pod pod, String name, int exitCode, String reason, String log) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(image(pod, name))
        .withRestartCount(3)
        .withReady(false)
        .withNewState()
        .withNewWaiting()
        .withReason("CrashLoopBackOff")
        .withMessage(
            "back-off 40s restarting failed container="
                + name
                + " pod="
                + pod.getMetadata().getName())
        .endWaiting()
        .endState()
        .withNewLastState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withMessage(message(pod, name, exitCode, null, log))
        .endTerminated()
        .endLastState()
        .build();
  }

  private static ContainerStatus terminated(
      Pod pod, String name, int exitCode, String reason, String written, String log) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(image(pod, name))
        .withReady(exitCode == 0)
        .withRestartCount(0)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withMessage(message(pod, name, exitCode, written, log))
        .endTerminated()
        .endState()
        .build();
  }

  private static ContainerStatus running(Pod pod, String name, int restarts) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(image(pod, name))
        .withReady(true)
        .withRestartCount(restarts)
        .withStarted(true)
        .withNewState()
        .withNewRunning()
        .withStartedAt("2026-11-30T06:00:00Z")
        .endRunning()
        .endState()
        .build();
  }

  private static ContainerStatus waiting(Pod pod, String name, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(image(pod, name))
        .withReady(false)
        .withRestartCount(0)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .build();
  }

  private static String message(Pod pod, String name, int exitCode, String written, String log) {
    return SimulatedCluster.terminationMessage(
        container(pod, name).getTerminationMessagePolicy(), written, exitCode, log);
  }

  private static String image(Pod pod, String name) {
    return container(pod, name).getImage();
  }

  private static Container container(Pod pod, String name) {
    List<Container> all = new java.util.ArrayList<>(pod.getSpec().getContainers());
    all.addAll(pod.getSpec().getInitContainers());
    return all.stream().filter(c -> name.equals(c.getName())).findFirst().orElseThrow();
  }
}
