package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Function;

/**
 * The objects of a test's namespace, a line each with what says how far they got (status, owners),
 * for failure messages: on CI the message is all that is kept of a failed test.
 */
public final class ClusterState {
  private ClusterState() {}

  public static String of(KubernetesClient client, String namespace) {
    StringBuilder s = new StringBuilder();
    try {
      lines(
          client,
          s,
          client.resources(JuliaPod.class).inNamespace(namespace).list().getItems(),
          JuliaPod::getStatus);
      lines(
          client,
          s,
          client.resources(JuliaSysimage.class).inNamespace(namespace).list().getItems(),
          JuliaSysimage::getStatus);
      lines(
          client,
          s,
          client.batch().v1().jobs().inNamespace(namespace).list().getItems(),
          j -> j.getStatus());
      lines(client, s, client.pods().inNamespace(namespace).list().getItems(), p -> p.getStatus());
    } catch (RuntimeException e) { // the server may be what failed
      s.append("(cannot list: ").append(e).append(")\n");
    }
    return s.toString();
  }

  private static <T extends HasMetadata> void lines(
      KubernetesClient client, StringBuilder s, List<T> objects, Function<T, Object> status) {
    for (T o : objects) {
      s.append(o.getKind()).append(' ').append(o.getMetadata().getName());
      s.append(" uid ").append(o.getMetadata().getUid());
      s.append(" v").append(o.getMetadata().getResourceVersion());
      var owners = o.getMetadata().getOwnerReferences();
      if (owners != null && !owners.isEmpty()) {
        s.append(" owners");
        owners.forEach(r -> s.append(' ').append(r.getKind()).append('/').append(r.getUid()));
      }
      s.append(' ').append(client.getKubernetesSerialization().asJson(status.apply(o)));
      s.append('\n');
    }
  }
}
