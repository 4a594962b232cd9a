package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Whether an object's owner still exists, as Kubernetes' garbage collector asks it: the same uid,
 * in the dependent's namespace (owner references cannot cross namespaces). For the simulated
 * collectors of the tests ({@link SimulatedCluster}) and the benches.
 */
public final class OwnerLookup {
  private OwnerLookup() {}

  /** True also for an owner of a kind the operator never sets: the dependent is kept. */
  public static boolean exists(KubernetesClient client, OwnerReference owner, String namespace) {
    HasMetadata found;
    switch (owner.getKind()) {
      case "JuliaPod" ->
          found =
              client
                  .resources(JuliaPod.class)
                  .inNamespace(namespace)
                  .withName(owner.getName())
                  .get();
      case "JuliaSysimage" ->
          found =
              client
                  .resources(JuliaSysimage.class)
                  .inNamespace(namespace)
                  .withName(owner.getName())
                  .get();
      case "Job" ->
          found = client.batch().v1().jobs().inNamespace(namespace).withName(owner.getName()).get();
      default -> {
        return true;
      }
    }
    return found != null && owner.getUid().equals(found.getMetadata().getUid());
  }
}
