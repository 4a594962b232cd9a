package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * JuliaSysimages made before their users were derived (docs/design.md, "Sharing") list the
 * JuliaPods that used them as owners. Kubernetes' garbage collector deletes an object once every
 * owner is gone, so such a sysimage would go with its old users while a JuliaPod that joined since
 * (which adds no reference) still uses it. Their JuliaPod references are removed once, at their
 * first reconcile; who uses them is known from the JuliaPods' status, which those operators wrote
 * too.
 */
final class LegacyOwners {
  private static final String KIND = HasMetadata.getKind(JuliaPod.class);
  private static final String GROUP = HasMetadata.getGroup(JuliaPod.class);

  private LegacyOwners() {}

  static boolean present(JuliaSysimage sysimage) {
    return Owners.refs(sysimage).stream().anyMatch(LegacyOwners::juliaPod);
  }

  /** The sysimage without its JuliaPod owner references. */
  static JuliaSysimage drop(KubernetesClient client, JuliaSysimage sysimage) {
    return Conflicts.edit(
        client
            .resources(JuliaSysimage.class)
            .inNamespace(sysimage.getMetadata().getNamespace())
            .withName(sysimage.getMetadata().getName()),
        s -> {
          List<OwnerReference> rest = new ArrayList<>(Owners.refs(s));
          rest.removeIf(LegacyOwners::juliaPod);
          s.getMetadata().setOwnerReferences(rest);
          return s;
        });
  }

  private static boolean juliaPod(OwnerReference ref) {
    return KIND.equals(ref.getKind())
        && ref.getApiVersion() != null
        && ref.getApiVersion().startsWith(GROUP + "/");
  }
}
