package dev.juliapod.operator;

import static dev.juliapod.operator.JuliaPodSources.SYSIMAGES;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** Carries out a JuliaPod's {@link JuliaPodStep.Join}: which JuliaSysimage it uses. */
final class SysimageJoin {
  private SysimageJoin() {}

  /**
   * Uses the plan's sysimage (creating it if nobody has), or none for a prebuilt image. The one it
   * used before is not written to: it loses a user, and goes once the retention passes with none.
   *
   * @param defaultResources the operator's build resources, for users that set none
   * @param central builds live in the operator's build namespace, shared by every namespace
   */
  static JuliaSysimage apply(
      Context<JuliaPod> context,
      JuliaPod pod,
      Plan plan,
      JuliaPodStep.Join join,
      SysimageUsers users,
      OperatorMetrics metrics,
      ResourceRequirements defaultResources,
      boolean central) {
    if (join.hold() == null) {
      users.use(pod, null);
      return null;
    }
    ResourceID id = new ResourceID(join.hold(), plan.buildNamespace());
    users.use(pod, id); // before the cache is read: see SysimageUsers
    boolean joined = !id.equals(SysimageUsers.named(pod).orElse(null));
    SharedSysimage.Acquired acquired =
        SharedSysimage.acquire(
            context.getClient(),
            Cached.of(context, JuliaSysimage.class, SYSIMAGES),
            pod,
            () -> users.of(id),
            defaultResources,
            plan.buildNamespace(),
            plan.sysimage(),
            join.buildAfter());
    if (joined && !acquired.created()) {
      metrics.cacheHit();
    }
    if (central) {
      return acquired.sysimage(); // builds use the operator's credentials, never a user's
    }
    return lendCredentials(context, acquired.sysimage(), plan.sources().credentialsSecret());
  }

  /**
   * A sysimage builds with the credentials Secret of the JuliaPod that created it (the Secret is
   * not in its name: teams with different tokens share it). When that Secret is gone or unusable
   * before the image is built, a JuliaPod whose own Secret is good (checked before the join) lends
   * it, so the build does not wait for the first team to fix theirs. A good Secret is never
   * replaced: users with good Secrets cannot take turns.
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
}
