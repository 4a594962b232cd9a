package dev.juliapod.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.Labels;
import dev.juliapod.objects.PlannedObjects;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One JuliaSysimage per distinct plan, shared by every JuliaPod whose plan hashes the same. Each
 * user is an owner; Kubernetes collects the sysimage with its last owner, and a JuliaPod that moves
 * to another plan lets go of the old one (deleting it if nobody else holds it).
 */
final class SysimageOwnership {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** When a JuliaSysimage may start its build; see {@link #acquire}. */
  static final String BUILD_AFTER = Labels.BUILD_AFTER;

  private SysimageOwnership() {}

  /**
   * @param joinedExisting this JuliaPod became an owner of a sysimage another one planned
   */
  record Acquired(JuliaSysimage sysimage, boolean joinedExisting) {}

  /**
   * @param buildAfter for a sysimage this call creates, the earliest time its build may start, or
   *     null for at once. An edited JuliaPod passes a moment from now: while someone (a script, an
   *     apply loop, a GitOps sync of several commits) edits the spec in quick succession, each
   *     intermediate plan is released before its moment comes and never starts a Kaniko build of
   *     several minutes.
   */
  static Acquired acquire(
      KubernetesClient client,
      Cached<JuliaSysimage> cache,
      JuliaPod pod,
      SysimagePlan plan,
      Instant buildAfter) {
    String namespace = pod.getMetadata().getNamespace();
    JuliaSysimage desired = PlannedObjects.sysimage(plan, namespace);
    desired.getMetadata().setOwnerReferences(new ArrayList<>(List.of(Owners.of(pod, false))));
    if (buildAfter != null) {
      desired
          .getMetadata()
          .setAnnotations(new HashMap<>(Map.of(BUILD_AFTER, buildAfter.toString())));
    }
    JuliaSysimage current = cache.get(namespace, plan.name()).orElse(null);
    if (current == null) {
      // Another JuliaPod with the same plan may create it first; then we join as an owner.
      current = cache.created(Owners.createIfAbsent(client, desired));
    }
    boolean owned = Owners.has(current, pod);
    boolean joining = !owned;
    // Build settings are not in the name; a changed one (more memory) retries a failed build.
    // Only the first owner's settings count, so owners that disagree cannot take turns.
    List<io.fabric8.kubernetes.api.model.OwnerReference> refs = Owners.refs(current);
    boolean first =
        refs.isEmpty() || Objects.equals(refs.get(0).getUid(), pod.getMetadata().getUid());
    boolean unbuilt = current.getStatus() == null || current.getStatus().image == null;
    boolean buildChanged =
        first
            && unbuilt
            && !JSON.valueToTree(desired.getSpec().build)
                .equals(JSON.valueToTree(current.getSpec().build));
    if (owned && !buildChanged) {
      return new Acquired(current, false);
    }
    JuliaSysimage seen = current;
    return new Acquired(
        cache.updated(
            Conflicts.edit(
                client.resources(JuliaSysimage.class).inNamespace(namespace).withName(plan.name()),
                s -> {
                  if (!Owners.has(s, pod)) {
                    List<io.fabric8.kubernetes.api.model.OwnerReference> joined =
                        new ArrayList<>(Owners.refs(s));
                    joined.add(Owners.of(pod, false));
                    s.getMetadata().setOwnerReferences(joined);
                  }
                  if (buildChanged) {
                    s.getSpec().build = desired.getSpec().build;
                  }
                  return s;
                }),
            seen),
        joining);
  }

  /** Lets go of a sysimage this JuliaPod no longer uses. */
  static void release(KubernetesClient client, JuliaPod pod, String name) {
    var resource =
        client
            .resources(JuliaSysimage.class)
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(name);
    // Read fresh, not from the cache: a cached copy could miss an owner who just joined.
    JuliaSysimage old = resource.get();
    if (old == null || !Owners.has(old, pod)) {
      return;
    }
    List<io.fabric8.kubernetes.api.model.OwnerReference> rest =
        Owners.refs(old).stream()
            .filter(r -> !Objects.equals(r.getUid(), pod.getMetadata().getUid()))
            .toList();
    if (rest.isEmpty()) {
      resource.delete(); // an object with no owners left is never collected by Kubernetes
    } else {
      Conflicts.edit(
          resource,
          s -> {
            s.getMetadata()
                .setOwnerReferences(
                    new ArrayList<>(
                        Owners.refs(s).stream()
                            .filter(r -> !Objects.equals(r.getUid(), pod.getMetadata().getUid()))
                            .toList()));
            return s;
          });
    }
  }

  /** Null once the build may start; else how long until it may. */
  static Duration untilBuildMayStart(JuliaSysimage sysimage, Clock clock) {
    var annotations = sysimage.getMetadata().getAnnotations();
    String after = annotations == null ? null : annotations.get(BUILD_AFTER);
    if (after == null) {
      return null;
    }
    try {
      Duration wait = Duration.between(clock.instant(), Instant.parse(after));
      return wait.isNegative() || wait.isZero() ? null : wait;
    } catch (DateTimeParseException e) {
      return null; // written by hand: build rather than wait on something unreadable
    }
  }
}
