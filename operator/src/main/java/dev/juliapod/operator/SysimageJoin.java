package dev.juliapod.operator;

import static dev.juliapod.operator.JuliaPodSources.SYSIMAGES;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.plan.Plan;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/** Carries out a JuliaPod's {@link JuliaPodStep.Join}: which JuliaSysimage it holds. */
final class SysimageJoin {
  private SysimageJoin() {}

  /** Holds the plan's sysimage (creating it or joining it) and lets go of the others. */
  static JuliaSysimage apply(
      Context<JuliaPod> context,
      JuliaPod pod,
      Plan plan,
      JuliaPodStep.Join join,
      OperatorMetrics metrics) {
    JuliaSysimage sysimage = null;
    if (join.hold() != null) {
      SysimageOwnership.Acquired acquired =
          SysimageOwnership.acquire(
              context.getClient(),
              Cached.of(context, JuliaSysimage.class, SYSIMAGES),
              pod,
              plan.sysimage(),
              join.buildAfter());
      sysimage = acquired.sysimage();
      if (acquired.joinedExisting()) {
        metrics.cacheHit();
      }
    }
    for (String name : join.release()) {
      SysimageOwnership.release(context.getClient(), pod, name);
    }
    return sysimage;
  }

  /** From the owner index rather than status.sysimage, which can be a step behind. */
  static List<String> owned(Context<JuliaPod> context) {
    return context.getSecondaryResources(JuliaSysimage.class).stream()
        .map(s -> s.getMetadata().getName())
        .toList();
  }
}
