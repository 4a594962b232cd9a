package dev.juliapod.operator;

import dev.juliapod.julia.Sha256;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionObjects;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Objects;

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
  private String legacyHash;
  private String dataHash;

  /** The hash a pod created now carries. */
  synchronized String hash(Plan plan, String forImage) {
    if (hash == null || !forImage.equals(image)) {
      image = forImage;
      pod = SessionPod.of(plan, forImage);
      hash = Sha256.hex(SERIALIZATION.asJson(pod.getSpec())).substring(0, 16);
      legacyHash = null;
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
   * Whether a pod carrying {@code current} was made for this plan and image. Pods made before the
   * hash was taken of the spec's JSON carry the hash of its YAML; they are recognised too, so
   * upgrading the operator restarts no REPL.
   */
  synchronized boolean madeFor(Plan plan, String forImage, String current) {
    if (Objects.equals(hash(plan, forImage), current)) {
      return true;
    }
    if (legacyHash == null) {
      legacyHash =
          Sha256.hex(SERIALIZATION.asYaml(SessionPod.of(plan, forImage).getSpec()))
              .substring(0, 16);
    }
    return legacyHash.equals(current);
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
