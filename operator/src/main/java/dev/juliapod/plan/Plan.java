package dev.juliapod.plan;

import dev.juliapod.api.SessionSpec;

/**
 * Everything the operator derives from one JuliaPod, computed without a cluster.
 *
 * @param sysimage the image build; null when the JuliaPod names a prebuilt image
 * @param prebuiltImage spec.image, or null when the operator builds the image
 * @param podName the session pod (`<name>-repl`)
 * @param workspaceClaim the workspace PersistentVolumeClaim (`<name>-workspace`)
 * @param session the session settings with defaults filled in
 */
public record Plan(
    String namespace,
    String name,
    SysimagePlan sysimage,
    String prebuiltImage,
    String podName,
    String workspaceClaim,
    SessionSpec session,
    String workspaceSize) {

  public boolean prebuilt() {
    return prebuiltImage != null;
  }

  /** Whether the session's julia loads a sysimage juliapod built. */
  public boolean bakedSysimage() {
    return sysimage != null && sysimage.sysimage();
  }
}
