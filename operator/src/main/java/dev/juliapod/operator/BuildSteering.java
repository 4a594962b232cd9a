package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whose build settings a shared sysimage takes while its image is not built (docs/design.md,
 * "Sharing"): the user asking for the most memory (limit, then request), the oldest among equals.
 * One answer for the whole set of users, so users that disagree cannot take turns; and across
 * namespaces (central builds) no user can hold a build that others share below what they ask, as
 * "the oldest user's settings" let a tenant do with a small memory limit.
 */
final class BuildSteering {
  private BuildSteering() {}

  /**
   * @param users the sysimage's users, oldest first, {@code pod} among them or not (then counted as
   *     the youngest)
   * @param defaults the operator's build resources, for users that set none
   */
  static boolean steers(List<JuliaPod> users, JuliaPod pod, ResourceRequirements defaults) {
    List<JuliaPod> all = new ArrayList<>(users);
    String uid = pod.getMetadata().getUid();
    if (all.stream().noneMatch(u -> Objects.equals(u.getMetadata().getUid(), uid))) {
      all.add(pod);
    }
    JuliaPod chosen = all.get(0);
    for (JuliaPod user : all) {
      if (compare(memory(user, defaults), memory(chosen, defaults)) > 0) {
        chosen = user;
      }
    }
    return Objects.equals(chosen.getMetadata().getUid(), uid);
  }

  /** Memory limit and request in bytes; 0 where not set. */
  static long[] memory(JuliaPod pod, ResourceRequirements defaults) {
    var build = pod.getSpec() == null ? null : pod.getSpec().build;
    ResourceRequirements asked =
        build != null && build.resources != null ? build.resources : defaults;
    return new long[] {bytes(asked.getLimits()), bytes(asked.getRequests())};
  }

  private static long bytes(Map<String, Quantity> values) {
    Quantity memory = values == null ? null : values.get("memory");
    return memory == null ? 0 : Quantity.getAmountInBytes(memory).longValue();
  }

  private static int compare(long[] a, long[] b) {
    return a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]);
  }
}
