package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * A build whose context ConfigMap went away before its pod could mount it: deleted by hand, or by
 * Kubernetes' garbage collector while it still named an earlier JuliaSysimage of the same name as
 * its owner (the collector reads a dependent's owners, then deletes it: kubernetes
 * pkg/controller/garbagecollector/garbagecollector.go, attemptToDeleteItem; an update between the
 * two is not seen). The kubelet keeps the pod in ContainerCreating and retries the mount for as
 * long as the Job lives, so the operator makes the ConfigMap again and the next try succeeds
 * (docs/design.md, "Build pods the API server refuses").
 */
final class BuildContextRestore {
  static final String REASON = "BuildContextRestored";

  private BuildContextRestore() {}

  /**
   * Makes the context again if it is gone; a GET, asked only of a build pod that has not started
   * within the patience.
   *
   * @return what was done, for status and an event; null when the context is there
   */
  static String ifGone(Context<JuliaSysimage> context, JuliaSysimage sysimage, SysimagePlan plan) {
    String namespace = sysimage.getMetadata().getNamespace();
    String name = KanikoJob.contextName(plan);
    var client = context.getClient();
    if (client.configMaps().inNamespace(namespace).withName(name).get() != null) {
      return null;
    }
    ConfigMap desired = Owners.ownedBy(KanikoJob.context(plan, namespace), sysimage);
    Owners.create(client, desired); // a 409: made meanwhile, which is as good
    return "build context ConfigMap "
        + name
        + " was gone while build Job "
        + sysimage.getStatus().job
        + " waited to mount it; made it again, and the kubelet's next mount try starts the build";
  }
}
