package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.operator.IdleStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Brings an idle session back without a change to spec, which a GitOps tool would revert: the
 * annotation {@link Labels#RESUME} names the status.idleSince it resumes (docs/design.md, "Idle
 * culling"). A merge patch of that one annotation, so nothing else of the object is sent back.
 */
final class Resume {
  private Resume() {}

  /**
   * @return the JuliaPod as patched, or as given when the operator would not keep it idle ({@link
   *     IdleStep#idle})
   */
  static JuliaPod ifIdle(KubernetesClient client, JuliaPod pod, PrintWriter out) {
    if (!IdleStep.idle(pod)) {
      return pod; // running, resumed already, or edited since it was culled (which resumes it)
    }
    var status = pod.getStatus();
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(
                Map.of("metadata", Map.of("annotations", Map.of(Labels.RESUME, status.idleSince))));
    JuliaPod patched =
        client
            .resources(JuliaPod.class)
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            // A field manager of our own: Flux takes over fields kubectl's managers wrote
            // (fluxcd/pkg ssa, managers named kubectl*), and would take this one back.
            .patch(
                new PatchContext.Builder()
                    .withPatchType(PatchType.JSON_MERGE)
                    .withFieldManager("juliapod")
                    .build(),
                patch);
    out.println(
        "Resuming "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + ", idle since "
            + status.idleSince
            + ": a new session pod on the same image, the workspace as it was.");
    return patched;
  }
}
