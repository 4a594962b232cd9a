package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.plan.Plan;

/**
 * Whether a JuliaPod's image is there to start its session on, decided from its plan and, when it
 * builds, its JuliaSysimage's status alone: the user's image, the base image (nothing to bake), a
 * built image by digest, a build still running, or a build that failed. Pure
 * (SysimageReadinessTest).
 *
 * @param image the session's image when ready, else null
 * @param reason for the SysimageReady condition
 * @param failed the build failed: the JuliaPod stalls with it
 */
record SysimageReadiness(String image, String reason, String message, boolean failed) {
  static final String NOTHING_TO_BAKE = "NothingToBake";

  boolean ready() {
    return image != null;
  }

  /**
   * @param built the JuliaSysimage's status; ignored for a prebuilt plan
   */
  static SysimageReadiness of(Plan plan, JuliaSysimageStatus built) {
    if (plan.userImage()) {
      return new SysimageReadiness(
          plan.prebuiltImage(),
          "Prebuilt",
          "spec.image " + plan.prebuiltImage() + ": nothing to build",
          false);
    }
    if (plan.prebuilt()) {
      return new SysimageReadiness(
          plan.prebuiltImage(), NOTHING_TO_BAKE, plan.nothingToBake(), false);
    }
    if (built != null && built.image != null) {
      return new SysimageReadiness(built.image, "Built", built.image, false);
    }
    if (built != null && Phase.FAILED.is(built.phase)) {
      String why =
          built.conditions.stream()
              .filter(c -> StatusConditions.STALLED.equals(c.getType()))
              .map(c -> c.getReason())
              .findFirst()
              .orElse("Failed");
      return new SysimageReadiness(
          null, "BuildFailed", "sysimage build failed (" + why + "): " + built.message, true);
    }
    return new SysimageReadiness(
        null, "Building", "building sysimage " + plan.sysimage().name(), false);
  }
}
