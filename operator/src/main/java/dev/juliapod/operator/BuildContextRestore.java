package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * A build whose context ConfigMap went away before its pod could mount it: deleted by hand, or, on
 * a cluster whose garbage collector deletes without a resourceVersion precondition (before
 * kubernetes PR #132632, for issue #114603), by the collector while it still named an earlier
 * JuliaSysimage of the same name as its owner: it reads a dependent's owners, then deletes it
 * (pkg/controller/garbagecollector/garbagecollector.go, attemptToDeleteItem), and an update in
 * between was not seen. The kubelet keeps the pod in ContainerCreating and retries the mount for as
 * long as the pod lives (pkg/volume/configmap/configmap.go, SetUpAt; the volume manager's
 * reconciler), so the operator makes the ConfigMap again and a later try succeeds (docs/design.md,
 * "Build pods the API server refuses").
 */
final class BuildContextRestore {
  static final String REASON = "BuildContextRestored";

  private BuildContextRestore() {}

  /**
   * Makes the context again if it is gone; a GET, asked only for a build pod that is on a node but
   * has not started within the patience.
   *
   * @return what was done, for status and an event; null when the context is there
   */
  static String ifGone(
      Context<JuliaSysimage> context, JuliaSysimage sysimage, SysimagePlan plan, Job job) {
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
        + job.getMetadata().getName()
        + " waited to mount it; made it again, and the kubelet's next mount try starts the build";
  }
}
