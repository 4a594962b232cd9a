package dev.juliapod.plan;

import dev.juliapod.api.SessionSpec;
import dev.juliapod.julia.StripResult;

/**
 * Everything the operator derives from one JuliaPod, computed without a cluster.
 *
 * @param buildNamespace where the sysimage, its build context and Job live: the JuliaPod's own
 *     namespace, or the operator's build namespace (docs/design.md, "Central builds")
 * @param sysimage the image build; null when nothing is built (spec.image, nothing to bake)
 * @param prebuiltImage the session's image when nothing is built: spec.image, or the base image
 *     when nothing is baked; null when the operator builds the image
 * @param podName the session pod (`<name>-repl`)
 * @param workspaceClaim the workspace PersistentVolumeClaim (`<name>-workspace`)
 * @param session the session settings with defaults filled in
 * @param arch the node architecture, amd64 or arm64
 * @param base the base image; null with spec.image
 * @param strip what the policy bakes and strips; null with spec.image
 * @param sources where Pkg gets packages, for the build and the session
 * @param nothingToBake why no sysimage is built although the JuliaPod builds images, for status and
 *     the command line; null otherwise
 */
public record Plan(
    String namespace,
    String buildNamespace,
    String name,
    SysimagePlan sysimage,
    String prebuiltImage,
    String podName,
    String workspaceClaim,
    SessionSpec session,
    String workspaceSize,
    String arch,
    BaseImage base,
    StripResult strip,
    String nothingToBake,
    PackageSources sources) {

  /** The same plan with another session spec (a worker pod's, session/WorkerPod). */
  public Plan withSession(SessionSpec other) {
    return new Plan(
        namespace,
        buildNamespace,
        name,
        sysimage,
        prebuiltImage,
        podName,
        workspaceClaim,
        other,
        workspaceSize,
        arch,
        base,
        strip,
        nothingToBake,
        sources);
  }

  /** Whether the session runs on an image the operator does not build. */
  public boolean prebuilt() {
    return prebuiltImage != null;
  }

  /** spec.image: the user's own image. */
  public boolean userImage() {
    return prebuilt() && nothingToBake == null;
  }

  /** Whether the session's julia loads a sysimage juliapod built. */
  public boolean bakedSysimage() {
    return sysimage != null && sysimage.bakesSysimage();
  }
}
