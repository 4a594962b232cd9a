package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionWorkers;
import dev.juliapod.session.WorkerObjects;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JuliaPod's Distributed.jl cluster cookie, a Secret made once before its first session pod
 * (which mounts it) and never read back (docs/design.md, "Distributed workers"). Not a dependent
 * with an informer: that would need list and watch on every Secret in the watched namespaces, and a
 * cache holding their data. The operator remembers which JuliaPods have theirs, and asks again (one
 * create, 409 when it is there) after a restart and before it makes a pod that mounts it. Its value
 * is never logged: fabric8's Secret prints its data in toString, so no Secret is ever passed to a
 * log or message.
 */
final class ClusterCookie {
  /**
   * Asked again before a pod that mounts it is made only if it was last seen this long ago: the
   * first workers usually come seconds after the session pod.
   */
  private static final java.time.Duration RECHECK = java.time.Duration.ofMinutes(1);

  /** The JuliaPods (by uid) whose Secret exists, and when that was last confirmed. */
  private final java.util.Map<String, java.time.Instant> made = new ConcurrentHashMap<>();

  private final java.time.Clock clock;

  ClusterCookie(java.time.Clock clock) {
    this.clock = clock;
  }

  /** One JuliaPod's cookie during one pass: the API server is asked at most once per pass. */
  final class Check {
    private final KubernetesClient client;
    private final JuliaPod owner;
    private final Plan plan;
    private boolean asked;

    private Check(KubernetesClient client, JuliaPod owner, Plan plan) {
      this.client = client;
      this.owner = owner;
      this.plan = plan;
    }

    /** Made if this operator has not made or seen it yet. */
    void made() {
      asked |= ensure(client, owner, plan, false);
    }

    /**
     * A pod that mounts it is about to be made: asked again even if it was made before, since
     * someone may have deleted it (a pod mounting a missing Secret waits in ContainerCreating for
     * good); one create, answered 409 when it is there.
     */
    void beforeMounting() {
      if (!asked) {
        asked = ensure(client, owner, plan, true);
      }
    }
  }

  Check check(KubernetesClient client, JuliaPod owner, Plan plan) {
    return new Check(client, owner, plan);
  }

  /**
   * @param mounting ask the API server even if the Secret was made before
   * @return whether the API server was asked
   */
  private boolean ensure(KubernetesClient client, JuliaPod owner, Plan plan, boolean mounting) {
    String uid = owner.getMetadata().getUid();
    java.time.Instant seen = made.get(uid);
    if (seen != null && (!mounting || seen.plus(RECHECK).isAfter(clock.instant()))) {
      return false;
    }
    Secret secret =
        Owners.ownedBy(WorkerObjects.cookieSecret(plan, WorkerObjects.newCookie()), owner);
    if (Owners.create(client, secret).isEmpty()) {
      String name = SessionWorkers.cookieSecretName(plan);
      var resource = client.secrets().inNamespace(plan.namespace()).withName(name);
      Secret there = resource.get();
      if (there == null) {
        throw new IllegalStateException(
            "Secret " + plan.namespace() + "/" + name + " was deleted while it was made; again");
      }
      List<OwnerReference> owners = Owners.refs(there);
      if (owners.stream().noneMatch(r -> uid.equals(r.getUid()))) {
        // A JuliaPod of this name deleted and made again at once (juliapod delete, then repl):
        // its predecessor's cookie, which the garbage collector has not deleted yet, is taken
        // over, so it is not deleted under the new session.
        boolean predecessor =
            owners.stream()
                .anyMatch(
                    r ->
                        JuliaPod.class.getSimpleName().equals(r.getKind())
                            && owner.getMetadata().getName().equals(r.getName()));
        if (!predecessor) {
          // A cookie someone else chose would let them run code in the session's workers.
          throw new IllegalStateException(
              "Secret "
                  + plan.namespace()
                  + "/"
                  + name
                  + " exists and is not this JuliaPod's cluster cookie (no owner reference to"
                  + " it): delete it, and the operator makes a new one");
        }
        // An update with the resourceVersion read: a concurrent change is a 409, tried again.
        there.getMetadata().setOwnerReferences(new ArrayList<>(List.of(Owners.of(owner, true))));
        client.resource(there).update();
      }
    }
    made.put(uid, clock.instant());
    return true;
  }

  void forget(JuliaPod pod) {
    made.remove(pod.getMetadata().getUid());
  }
}
