package dev.juliapod.operator;

import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.PackageInfo;
import dev.juliapod.julia.StripResult;
import dev.juliapod.plan.BaseImage;
import dev.juliapod.plan.Plan;
import java.time.Clock;
import java.util.List;

/** What a JuliaPod's status says about its plan: the base image, the sysimage, the strip. */
final class PlanStatus {
  static final String BASE_IMAGE = "BaseImageResolved";
  static final String SYSIMAGE_READY = "SysimageReady";
  private final Clock clock;

  PlanStatus(Clock clock) {
    this.clock = clock;
  }

  static List<PackageInfo> stripped(StripResult strip) {
    return strip.stripped().stream()
        .map(s -> new PackageInfo(s.name(), s.uuid(), null, s.reason()))
        .toList();
  }

  /** What the plan holds: base image, sysimage, what is baked and what is stripped. */
  void plan(JuliaPodStatus status, Plan plan, long generation) {
    baseImage(status, plan, generation);
    if (plan.prebuilt()) {
      status.sysimage = null;
      status.sysimageNamespace = null;
      status.baked = List.of();
      status.stripped = plan.strip() == null ? List.of() : stripped(plan.strip());
    } else {
      status.sysimage = plan.sysimage().name();
      status.sysimageNamespace = plan.buildNamespace();
      status.baked =
          plan.sysimage().strip().baked().stream()
              .map(b -> new PackageInfo(b.name(), b.uuid(), b.version(), null))
              .toList();
      status.stripped = stripped(plan.sysimage().strip());
    }
  }

  void sysimage(
      JuliaPodStatus status, long generation, boolean ready, String reason, String message) {
    StatusConditions.set(
        status, SYSIMAGE_READY, ready, reason, message, generation, clock.instant());
  }

  /** status.baseImage, and whether it is pinned by digest (docs/design.md, "Base image"). */
  private void baseImage(JuliaPodStatus status, Plan plan, long generation) {
    BaseImage base = plan.base();
    status.baseImage = base == null ? null : base.ref();
    if (base == null) {
      status.conditions.removeIf(c -> BASE_IMAGE.equals(c.getType()));
    } else if (base.isResolved()) {
      StatusConditions.set(
          status,
          BASE_IMAGE,
          true,
          "Resolved",
          base.reference()
              + " is "
              + base.digest()
              + "; kept while the JuliaPod names "
              + base.reference(),
          generation,
          clock.instant());
    } else {
      StatusConditions.set(
          status,
          BASE_IMAGE,
          false,
          "NotResolved",
          "could not resolve "
              + base.reference()
              + " to a digest ("
              + base.problem()
              + "): building from the tag;"
              + " the registry is asked again when the JuliaPod is next reconciled, at most every "
              + BaseImages.RETRY.toSeconds()
              + " s, and a digest found then is built from",
          generation,
          clock.instant());
    }
  }
}
