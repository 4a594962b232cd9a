package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.ProjectFiles;
import dev.juliapod.session.SessionHealth;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;

/**
 * The session objects of a JuliaPod once its image exists: the workspace claim and the ConfigMap
 * ({@link SessionDependents}), then the pod. A pod whose desired spec changed (new image,
 * resources, env) is deleted and created again on the next event: pods cannot be edited in place,
 * and an attached terminal sees the REPL end. Reads come from the JuliaPod controller's informers,
 * so a pass over a session that is already right makes no request.
 */
final class SessionManager {
  static final String TEMPLATE_HASH = Labels.POD_TEMPLATE_HASH;

  /** Whether there is a pod to look at. */
  enum PodPresence {
    PRESENT,
    SUSPENDED,
    REPLACING,
    /** Culled for idleness ({@link IdleStep#idle}): no pod, or one on its way out. */
    IDLE,
    /** Idle, and this pass deleted its pod. */
    CULLED
  }

  /**
   * The session after this pass; {@code health} is what its pod is doing when PRESENT.
   *
   * @param unreportedSince when the pod was created, while nothing (scheduler, kubelet) has
   *     reported on it yet; else null
   * @param pod the session pod when PRESENT and made before this pass, when IDLE by a decision of
   *     this pass (the next deletes it), or when CULLED (deleted by this pass); else null
   */
  record Observed(PodPresence presence, SessionHealth health, Instant unreportedSince, Pod pod) {
    Observed(PodPresence presence, SessionHealth health) {
      this(presence, health, null, null);
    }
  }

  private final Context<JuliaPod> context;
  private final KubernetesClient client;
  private final SessionDependents dependents;
  private final Cached<Pod> pods;
  private final ClusterCookie.Check cookie;

  SessionManager(
      Context<JuliaPod> context, SessionDependents dependents, ClusterCookie.Check cookie) {
    this.context = context;
    this.client = context.getClient();
    this.dependents = dependents;
    this.cookie = cookie;
    this.pods = Cached.of(context, Pod.class, JuliaPodSources.SESSION_PODS);
  }

  Observed ensure(
      JuliaPod owner,
      Plan plan,
      ProjectFiles files,
      SessionTemplate template,
      String image,
      Instant now,
      boolean idle,
      boolean workers) {
    String ns = plan.namespace();
    // The claim and the ConfigMap, both at once; the pod after them, so the scheduler and
    // kubelet never see it before what it mounts.
    dependents.reconcile(owner, plan, files, template, context);
    Pod current = pods.get(ns, plan.podName()).orElse(null);
    if (Boolean.TRUE.equals(plan.session().suspend)) {
      if (current != null) {
        client.resource(current).delete();
      }
      return new Observed(PodPresence.SUSPENDED, null);
    }
    if (idle) {
      if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
        return new Observed(PodPresence.IDLE, null);
      }
      client.resource(current).delete();
      return new Observed(PodPresence.CULLED, null, null, current);
    }
    if (current == null) {
      cookie.beforeMounting();
      Pod desired = Owners.ownedBy(template.pod(plan, image), owner);
      desired.getMetadata().getAnnotations().put(TEMPLATE_HASH, template.hash(plan, image));
      pods.created(Owners.createIfAbsent(client, desired));
      return new Observed(
          PodPresence.PRESENT,
          SessionHealth.starting("starting session pod " + plan.podName()),
          now,
          null);
    }
    String currentHash =
        current.getMetadata().getAnnotations() == null
            ? null
            : current.getMetadata().getAnnotations().get(TEMPLATE_HASH);
    if (!template.madeFor(plan, image, currentHash, workers)) {
      if (current.getMetadata().getDeletionTimestamp() == null) {
        client.resource(current).delete();
      }
      return new Observed(PodPresence.REPLACING, null);
    }
    return new Observed(
        PodPresence.PRESENT, SessionHealth.of(current), unreportedSince(current), current);
  }

  /**
   * The API server gives a new pod phase Pending and no conditions (kubernetes
   * pkg/registry/core/pod/strategy.go, PrepareForCreate); the first condition comes from the
   * scheduler (PodScheduled False, docs/design.md "Session status") or the kubelet.
   */
  private static Instant unreportedSince(Pod pod) {
    var status = pod.getStatus();
    boolean reported =
        status != null && status.getConditions() != null && !status.getConditions().isEmpty();
    if (reported || pod.getMetadata().getCreationTimestamp() == null) {
      return null;
    }
    try {
      return Instant.parse(pod.getMetadata().getCreationTimestamp());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
