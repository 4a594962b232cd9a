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
      sysimage = lendCredentials(context, sysimage, plan.sources().credentialsSecret());
    }
    for (String name : join.release()) {
      SysimageOwnership.release(context.getClient(), pod, name);
    }
    return sysimage;
  }

  /**
   * A sysimage builds with the credentials Secret of the JuliaPod that created it (the Secret is
   * not in its name: teams with different tokens share it). When that Secret is gone or unusable
   * before the image is built, a JuliaPod whose own Secret is good (checked before the join) lends
   * it, so the build does not wait for the first team to fix theirs. A good Secret is never
   * replaced: owners with good Secrets cannot take turns.
   */
  private static JuliaSysimage lendCredentials(
      Context<JuliaPod> context, JuliaSysimage sysimage, String mine) {
    String recorded = sysimage.getSpec().credentialsSecret;
    boolean built = sysimage.getStatus() != null && sysimage.getStatus().image != null;
    if (built || mine == null || mine.equals(recorded)) {
      return sysimage;
    }
    String namespace = sysimage.getMetadata().getNamespace();
    if (recorded != null
        && CredentialsSecret.problem(context.getClient(), namespace, recorded) == null) {
      return sysimage;
    }
    return context
        .getClient()
        .resources(JuliaSysimage.class)
        .inNamespace(namespace)
        .withName(sysimage.getMetadata().getName())
        .edit(
            s -> {
              s.getSpec().credentialsSecret = mine;
              return s;
            });
  }

  /** From the owner index rather than status.sysimage, which can be a step behind. */
  static List<String> owned(Context<JuliaPod> context) {
    return context.getSecondaryResources(JuliaSysimage.class).stream()
        .map(s -> s.getMetadata().getName())
        .toList();
  }
}
