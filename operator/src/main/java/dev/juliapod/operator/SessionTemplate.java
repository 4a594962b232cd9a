package dev.juliapod.operator;

import dev.juliapod.julia.Sha256;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * A JuliaPod's session pod for one plan and image, and the hash of its spec that the pod carries
 * (SessionManager compares it to tell a pod made for another spec). Computed once per plan and
 * image, not at every reconcile: serializing the pod spec to hash it was a share of the operator's
 * CPU on passes that change nothing (BENCHMARKS.md). One per PlanCache entry, so it goes with its
 * plan.
 */
final class SessionTemplate {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private String image;
  private String hash;

  /** The pod's hash; the same answer while the plan and image stay the same. */
  synchronized String hash(Plan plan, String forImage) {
    if (hash == null || !forImage.equals(image)) {
      hash = of(SessionPod.of(plan, forImage));
      image = forImage;
    }
    return hash;
  }

  /** The pod to create, a fresh object each time (the caller sets its owner and annotation). */
  static Pod pod(Plan plan, String image) {
    return SessionPod.of(plan, image);
  }

  private static String of(Pod pod) {
    return Sha256.hex(YAML.asYaml(pod.getSpec())).substring(0, 16);
  }
}
