package dev.juliapod.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.Labels;
import dev.juliapod.objects.PlannedObjects;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One JuliaSysimage per distinct plan, shared by every JuliaPod whose plan hashes the same. Using
 * one writes nothing to it: who uses it is derived ({@link SysimageUsers}), and the operator
 * removes it once nobody has used it for the retention period (docs/design.md, "Sharing"). So it
 * carries no owner reference to a JuliaPod: Kubernetes would collect it with the JuliaPod that
 * created it while others still use it.
 */
final class SharedSysimage {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Creates under way in this process, by sysimage; see {@link #awaitCreate}. */
  private static final ConcurrentHashMap<ResourceID, CountDownLatch> CREATING =
      new ConcurrentHashMap<>();

  /** Longer than a create takes; past it a pass goes on and creates (409) as before. */
  private static final Duration CREATE_WAIT = Duration.ofSeconds(10);

  /** When a JuliaSysimage may start its build; see {@link #acquire}. */
  static final String BUILD_AFTER = Labels.BUILD_AFTER;

  private SharedSysimage() {}

  /**
   * @param created this JuliaPod created it (no other plan had)
   */
  record Acquired(JuliaSysimage sysimage, boolean created) {}

  /**
   * The plan's sysimage, from the cache or created. The only write to one that exists is a build
   * setting (more memory) changed before its image exists, which retries a failed build; only the
   * settings of the user that {@link BuildSteering} chooses count, so users that disagree cannot
   * take turns.
   *
   * @param users the sysimage's users as known now, this JuliaPod included or not; asked only while
   *     the image is not built, since finding them walks every user (a sysimage shared by hundreds
   *     would cost each joining JuliaPod a walk over all the others)
   * @param defaultResources the operator's build resources, for users that set none
   * @param namespace where the sysimage lives: the JuliaPod's namespace, or the build namespace
   * @param buildAfter for a sysimage this call creates, the earliest time its build may start, or
   *     null for at once. An edited JuliaPod passes a moment from now: while someone (a script, an
   *     apply loop, a GitOps sync of several commits) edits the spec in quick succession, each
   *     intermediate plan has lost its user before its moment comes and never starts a Kaniko build
   *     of several minutes.
   */
  static Acquired acquire(
      KubernetesClient client,
      Cached<JuliaSysimage> cache,
      JuliaPod pod,
      Supplier<List<JuliaPod>> users,
      ResourceRequirements defaultResources,
      String namespace,
      SysimagePlan plan,
      Instant buildAfter) {
    JuliaSysimage current = cache.get(namespace, plan.name()).orElse(null);
    if (current == null) {
      ResourceID id = new ResourceID(plan.name(), namespace);
      CountDownLatch mine = new CountDownLatch(1);
      CountDownLatch theirs = CREATING.putIfAbsent(id, mine);
      if (theirs != null) {
        awaitCreate(theirs); // then the cache holds what that pass created
        current = cache.get(namespace, plan.name()).orElse(null);
      }
      if (current == null) {
        try {
          Acquired made = create(client, cache, namespace, plan, buildAfter);
          if (made.created()) {
            return made;
          }
          current = made.sysimage();
        } finally {
          if (theirs == null) {
            CREATING.remove(id, mine);
            mine.countDown();
          }
        }
      }
    }
    boolean unbuilt = current.getStatus() == null || current.getStatus().image == null;
    if (!unbuilt || !BuildSteering.steers(users.get(), pod, defaultResources)) {
      return new Acquired(current, false); // most passes: the desired object is not even built
    }
    JuliaSysimage desired = PlannedObjects.sysimage(plan, namespace);
    if (JSON.valueToTree(desired.getSpec().build)
        .equals(JSON.valueToTree(current.getSpec().build))) {
      return new Acquired(current, false);
    }
    JuliaSysimage seen = current;
    return new Acquired(
        cache.updated(
            Conflicts.edit(
                client.resources(JuliaSysimage.class).inNamespace(namespace).withName(plan.name()),
                s -> {
                  s.getSpec().build = desired.getSpec().build;
                  return s;
                }),
            seen),
        false);
  }

  /**
   * Creates the plan's sysimage, or reads the one another JuliaPod with this plan created first
   * (the API server answers 409).
   */
  private static Acquired create(
      KubernetesClient client,
      Cached<JuliaSysimage> cache,
      String namespace,
      SysimagePlan plan,
      Instant buildAfter) {
    JuliaSysimage desired = PlannedObjects.sysimage(plan, namespace);
    if (buildAfter != null) {
      desired
          .getMetadata()
          .setAnnotations(new HashMap<>(Map.of(BUILD_AFTER, buildAfter.toString())));
    }
    var made = Owners.create(client, desired);
    if (made.isPresent()) {
      return new Acquired(cache.created(made.get()), true);
    }
    return new Acquired(cache.created(client.resource(desired).get()), false);
  }

  /**
   * Waits, briefly, for another pass of this process that is creating the same sysimage: the
   * JuliaPods of one plan often arrive together (a team applying one project; central builds' users
   * in several namespaces), and each would otherwise send a create, get 409 and read the winner's
   * back (BENCHMARKS.md, "Central builds").
   */
  private static void awaitCreate(CountDownLatch creating) {
    try {
      creating.await(CREATE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
