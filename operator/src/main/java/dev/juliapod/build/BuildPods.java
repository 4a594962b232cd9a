package dev.juliapod.build;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** The pods of a build Job, and what their status says, read as it is. */
public final class BuildPods {
  /** What Kaniko writes to the termination log once it has pushed the image. */
  static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  /** The Job controller's label on its pods (kubernetes 1.27+), and the one before it. */
  public static final List<String> CONTROLLER_UID =
      List.of("batch.kubernetes.io/controller-uid", "controller-uid");

  private BuildPods() {}

  /**
   * The pods of this Job, the one that tells how it went first: build pods of the sysimage's
   * earlier Jobs carry the same labels, and a Job whose pod was disrupted has a newer one.
   */
  public static List<Pod> of(Job job, List<Pod> pods) {
    String uid = job.getMetadata().getUid();
    return pods.stream()
        .filter(
            p ->
                uid != null
                    && p.getMetadata() != null
                    && (CONTROLLER_UID.stream()
                            .anyMatch(
                                l ->
                                    p.getMetadata().getLabels() != null
                                        && uid.equals(p.getMetadata().getLabels().get(l)))
                        || Objects.requireNonNullElse(
                                p.getMetadata().getOwnerReferences(), List.<OwnerReference>of())
                            .stream()
                            .anyMatch(r -> uid.equals(r.getUid()))))
        .sorted(
            Comparator.comparing(BuildPods::disrupted)
                .thenComparing(
                    Comparator.comparing(
                            (Pod p) ->
                                Objects.requireNonNullElse(
                                    p.getMetadata().getCreationTimestamp(), ""))
                        .reversed()))
        .toList();
  }

  /**
   * A pod the cluster stopped (the DisruptionTarget condition), which the Job replaces: its
   * replacement says how the build went, and creation times have only whole seconds, so they cannot
   * always tell which came later.
   */
  private static boolean disrupted(Pod pod) {
    return disruption(pod).isPresent();
  }

  /** The DisruptionTarget condition of a pod the cluster stopped. */
  static Optional<PodCondition> disruption(Pod pod) {
    return podConditions(pod).stream()
        .filter(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /**
   * What the failed executor said in its termination message: with FallbackToLogsOnError the
   * kubelet puts the end of the log there when the file is empty. Kaniko also writes the digest
   * file for each layer it pushes to the cache (pkg/executor/push.go, pushLayerToCache calls DoPush
   * with the same options), so a digest there says nothing.
   */
  public static Optional<String> output(List<Pod> pods) {
    return pods.stream()
        .flatMap(BuildPods::kaniko)
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated().getMessage())
        .filter(m -> m != null && !m.isBlank() && !DIGEST.matcher(m.strip()).matches())
        .map(String::strip)
        .findFirst();
  }

  private static List<PodCondition> podConditions(Pod pod) {
    return Objects.requireNonNullElse(
        pod.getStatus() == null ? null : pod.getStatus().getConditions(), List.of());
  }

  /** What the scheduler says of a pod it cannot place, if it says so of one. */
  static Optional<String> unschedulable(List<Pod> pods) {
    return pods.stream()
        .flatMap(p -> podConditions(p).stream())
        .filter(
            c ->
                "PodScheduled".equals(c.getType())
                    && "False".equals(c.getStatus())
                    && "Unschedulable".equals(c.getReason()))
        .map(PodCondition::getMessage)
        .filter(Objects::nonNull)
        .findFirst();
  }

  /**
   * Why a pod that has not started cannot have a claim's volume, in the cluster's words: the
   * scheduler's, for a claim it cannot bind (kubernetes pkg/scheduler/framework/plugins/
   * volumebinding: "pod has unbound immediate PersistentVolumeClaims", or a provisioning error), or
   * the attach-detach controller's and kubelet's events on the pod (FailedAttachVolume,
   * "Multi-Attach error for volume ... Volume is already used by pod(s) ...", when a ReadWriteOnce
   * volume is attached to another node; FailedMount).
   */
  public static Optional<String> volumeBlocked(
      List<Pod> jobPods, List<Event> events, String volume) {
    if (!notStarted(jobPods) || jobPods.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> scheduler =
        unschedulable(jobPods.subList(0, 1))
            .filter(m -> m.toLowerCase(java.util.Locale.ROOT).contains("persistentvolumeclaim"));
    if (scheduler.isPresent()) {
      return scheduler;
    }
    String pod = jobPods.get(0).getMetadata().getName();
    return events.stream()
        .filter(e -> e.getInvolvedObject() != null && pod.equals(e.getInvolvedObject().getName()))
        // Only the claim's volume attaches; a failed mount counts when it names that volume (a
        // context or Secret that is gone is another matter, said elsewhere). The kubelet names
        // the pod's volumes by their names in the pod spec: "Unable to attach or mount volumes:
        // unmounted volumes=[...], unattached volumes=[...]" (kubernetes
        // pkg/kubelet/volumemanager/volume_manager.go, WaitForAttachAndMount).
        .filter(
            e ->
                "FailedAttachVolume".equals(e.getReason())
                    || ("FailedMount".equals(e.getReason())
                        && e.getMessage() != null
                        && e.getMessage().contains(volume)))
        .map(e -> e.getReason() + ": " + e.getMessage())
        .findFirst();
  }

  /** The status of the pod's Kaniko container, if the kubelet has written one. */
  static java.util.stream.Stream<ContainerStatus> kaniko(Pod pod) {
    return Objects.requireNonNullElse(
            pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses(),
            List.<ContainerStatus>of())
        .stream()
        .filter(s -> "kaniko".equals(s.getName()));
  }

  /** Whether a Job's newest pod (first of {@link #of}) has not started: none yet, or Pending. */
  public static boolean notStarted(List<Pod> jobPods) {
    return jobPods.isEmpty()
        || (jobPods.get(0).getStatus() != null
            && "Pending".equals(jobPods.get(0).getStatus().getPhase()));
  }

  /**
   * Whether that pod has not started on a node the scheduler placed it on: only then can it be
   * waiting for the kubelet to mount a volume.
   */
  public static boolean waitingOnNode(List<Pod> jobPods) {
    return !jobPods.isEmpty()
        && notStarted(jobPods)
        && jobPods.get(0).getSpec() != null
        && jobPods.get(0).getSpec().getNodeName() != null;
  }
}
