package dev.juliapod.operator;

import dev.juliapod.api.WorkersStatus;
import dev.juliapod.session.SessionHealth;
import dev.juliapod.session.WorkerHealth;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to do with a JuliaPod's worker pods, from what the informer shows (docs/design.md,
 * "Distributed workers"). Pure. Worker {@code i} is the pod {@code NAME-worker-i}: a fixed name
 * makes a create that the cache has not caught up with a harmless 409. A pod made from another
 * template (a new sysimage, other flags or resources) is deleted with all its siblings at once,
 * never one by one, so one Distributed cluster never mixes two sysimages; its successor is made
 * once the name is free.
 */
final class WorkersStep {
  /** WorkersReady: whether every worker asked for listens. */
  static final String CONDITION = "WorkersReady";

  /**
   * @param create indices of workers to make
   * @param delete pods to delete
   * @param status what status.workers says after this pass; null when there are no workers and none
   *     are asked for
   * @param trouble the health of the first worker that is not ready (failing ones first), or null
   *     when every worker asked for is ready
   */
  record Decision(
      List<Integer> create,
      List<Pod> delete,
      WorkersStatus status,
      SessionHealth trouble,
      Duration recheck) {}

  /**
   * How long a failed worker pod (evicted, its node gone, refused by the kubelet's admission) is
   * kept before it is replaced: it never runs again (restartPolicy Always does not restart a pod in
   * phase Failed), and a replacement for a cause that stays (no node with the GPU) would otherwise
   * be made and fail in a loop. Its reason stays in status meanwhile.
   */
  static final Duration FAILED_KEPT = Duration.ofSeconds(30);

  private WorkersStep() {}

  /** The reason while the session is suspended or idle. */
  static final String STOPPED = "Stopped";

  /**
   * @param asked spec.workers.replicas
   * @param stopped the session is suspended or idle: no workers run
   * @param prefix the workers' name before their index, {@code NAME-worker-}
   * @param hash the template hash a worker pod made now carries
   * @param pods this JuliaPod's worker pods
   */
  static Decision decide(
      int asked, boolean stopped, String prefix, String hash, List<Pod> pods, Instant now) {
    int desired = stopped ? 0 : asked;
    Duration recheck = null;
    Set<Integer> taken = new TreeSet<>();
    List<Pod> delete = new ArrayList<>();
    List<Pod> kept = new ArrayList<>();
    for (Pod pod : pods) {
      Integer index = index(prefix, pod.getMetadata().getName());
      if (index != null) {
        taken.add(index); // a terminating pod still holds its name
      }
      boolean going = pod.getMetadata().getDeletionTimestamp() != null;
      Duration failedFor = failedFor(pod, now);
      if (!going && failedFor != null && failedFor.compareTo(FAILED_KEPT) < 0) {
        Duration left = FAILED_KEPT.minus(failedFor);
        recheck = recheck == null || left.compareTo(recheck) < 0 ? left : recheck;
      }
      if (index == null
          || index >= desired
          || !Objects.equals(hash, hashOf(pod))
          || (failedFor != null && failedFor.compareTo(FAILED_KEPT) >= 0)) {
        if (!going) {
          delete.add(pod);
        }
      } else if (!going) {
        kept.add(pod);
      }
    }
    List<Integer> create = new ArrayList<>();
    for (int i = 0; i < desired; i++) {
      if (!taken.contains(i)) {
        create.add(i);
      }
    }
    if (asked == 0 && pods.isEmpty()) {
      return new Decision(create, delete, null, null, null);
    }
    List<SessionHealth> health = kept.stream().map(WorkerHealth::of).toList();
    int ready = (int) health.stream().filter(SessionHealth::ready).count();
    WorkersStatus status = new WorkersStatus();
    status.replicas = kept.size();
    status.readyReplicas = ready;
    status.inUse =
        (int) health.stream().filter(h -> WorkerHealth.IN_USE.equals(h.reason())).count();
    status.ready = ready + "/" + asked;
    SessionHealth trouble =
        health.stream()
            .filter(h -> !h.ready())
            // What will not get better first, then what may, then what is on its way.
            .min(
                Comparator.comparingInt(
                    (SessionHealth h) ->
                        h.stalled() ? 0 : SessionHealth.failing(h.reason()) ? 1 : 2))
            .orElse(null);
    if (stopped && asked > 0) {
      trouble =
          new SessionHealth(
              false,
              false,
              STOPPED,
              "stopped with the session; they start again when it does",
              null);
    } else if (trouble == null && ready < desired) {
      int missing = desired - ready;
      trouble =
          SessionHealth.starting(
              "starting " + missing + (missing == 1 ? " worker pod" : " worker pods"));
    }
    return new Decision(create, delete, status, trouble, recheck);
  }

  /** How long ago a pod in phase Failed was made, or null for one that is not failed. */
  private static Duration failedFor(Pod pod, Instant now) {
    if (pod.getStatus() == null || !"Failed".equals(pod.getStatus().getPhase())) {
      return null;
    }
    try {
      return Duration.between(Instant.parse(pod.getMetadata().getCreationTimestamp()), now);
    } catch (RuntimeException e) { // no or an unreadable creation time: replace it
      return FAILED_KEPT;
    }
  }

  private static String hashOf(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(SessionManager.TEMPLATE_HASH);
  }

  /** The worker's index, or null for a pod of this JuliaPod that is not one of its workers. */
  static Integer index(String prefix, String name) {
    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
      return null;
    }
    String digits = name.substring(prefix.length());
    if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 4) {
      return null;
    }
    if (digits.length() > 1 && digits.startsWith("0")) {
      return null;
    }
    return Integer.valueOf(digits);
  }
}
