package dev.juliapod.operator;

import dev.juliapod.api.WorkersSpec;
import dev.juliapod.julia.Sha256;
import dev.juliapod.plan.IdleTimeout;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionObjects;
import dev.juliapod.session.SessionPod;
import dev.juliapod.session.WorkerPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JuliaPod's session pod for one plan and image, and the hash of its spec that the pod carries in
 * an annotation, so a pod made for another spec is told apart without comparing specs (the API
 * server fills in defaults). Built and hashed once per plan and image, not at every reconcile:
 * serializing the pod spec at each pass was a share of the operator's CPU on passes that change
 * nothing (BENCHMARKS.md). One per PlanCache entry, so it goes with its plan.
 */
final class SessionTemplate {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private String image;
  private Pod pod;
  private String hash;
  private Set<String> legacyHashes;
  private Set<String> preWorkerHashes;
  private String dataHash;
  private String workerImage;
  private WorkersSpec workerSpec;
  private String workerHash;

  /** The hash a pod created now carries. */
  synchronized String hash(Plan plan, String forImage) {
    if (hash == null || !forImage.equals(image)) {
      image = forImage;
      pod = SessionPod.of(plan, forImage);
      hash = json(pod);
      legacyHashes = null;
    }
    return hash;
  }

  /**
   * The pod to create, with the spec {@link #hash} was taken of; a fresh object each time (the
   * caller sets its owner and annotation).
   */
  synchronized Pod pod(Plan plan, String forImage) {
    hash(plan, forImage);
    Pod ready = pod;
    pod = null; // handed over; a second create of the same template builds it again
    return ready != null ? ready : SessionPod.of(plan, forImage);
  }

  /**
   * Whether a pod carrying {@code current} was made for this plan and image. Also recognised, so
   * that neither upgrading the operator nor turning idle culling on or off restarts a REPL: pods
   * made with culling the other way (one started without the activity listener reports its activity
   * as unknown and is not culled until it next starts); pods made before workers existed, without
   * the cluster cookie and the JuliaPodWorkers module, while no workers are asked for (asking for
   * some restarts such a REPL once, since it could not reach them); and pods made before the hash
   * was taken of the spec's JSON, which carry the hash of its YAML and predate both.
   */
  synchronized boolean madeFor(Plan plan, String forImage, String current, boolean workersWanted) {
    if (Objects.equals(hash(plan, forImage), current)) {
      return true;
    }
    if (legacyHashes == null) {
      boolean activity = IdleTimeout.on(plan.session());
      legacyHashes = Set.of(json(SessionPod.of(plan, forImage, !activity, true)));
      preWorkerHashes =
          Set.of(
              json(SessionPod.of(plan, forImage, activity, false)),
              json(SessionPod.of(plan, forImage, !activity, false)),
              Sha256.hex(
                      SERIALIZATION.asYaml(SessionPod.of(plan, forImage, false, false).getSpec()))
                  .substring(0, 16));
    }
    return current != null
        && (legacyHashes.contains(current)
            || (!workersWanted && preWorkerHashes.contains(current)));
  }

  private static String json(Pod pod) {
    return Sha256.hex(SERIALIZATION.asJson(pod.getSpec())).substring(0, 16);
  }

  /**
   * The hash a worker pod made now carries (of its spec; the name is in metadata, so one serves
   * every index), taken once per plan, image and workers spec: the spec is the JuliaPod's own
   * object, shared by every pass of its generation (SharedSpecCloner).
   */
  synchronized String workerHash(Plan plan, String forImage, WorkersSpec spec) {
    if (workerHash == null || !forImage.equals(workerImage) || spec != workerSpec) {
      workerImage = forImage;
      workerSpec = spec;
      workerHash = json(WorkerPod.of(plan, forImage, spec, 0));
    }
    return workerHash;
  }

  /**
   * The session ConfigMap data's hash: the data is a function of the project files this plan was
   * made from and of the operator's scripts, so it is digested once per plan, not at every pass.
   */
  synchronized String dataHash(Map<String, String> data) {
    if (dataHash == null) {
      dataHash = SessionObjects.dataHash(data);
    }
    return dataHash;
  }
}
