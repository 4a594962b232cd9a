package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.Labels;
import dev.juliapod.api.WorkersSpec;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionHealth;
import dev.juliapod.session.SessionWorkers;
import dev.juliapod.session.WorkerPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JuliaPod's worker pods after its session (docs/design.md, "Distributed workers"): as many as
 * spec.workers.replicas asks for while the session runs, none while it is suspended or idle; {@link
 * WorkersStep} decides, this class carries it out and says it in status.workers and the
 * WorkersReady condition. A JuliaPod that never asked for workers costs no request: its Service and
 * NetworkPolicy are looked for in their informers, its pods in one that holds worker pods only.
 */
final class WorkerPass {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPass.class);

  final WorkerDependents dependents = new WorkerDependents();
  private final WorkerReport report;
  private final Clock clock;
  private final Duration refusedRecheck;

  WorkerPass(EventRecorder events, Timings timings) {
    this.clock = timings.clock();
    this.report = new WorkerReport(events, clock);
    this.refusedRecheck = timings.refusedRecheck();
  }

  static int replicas(JuliaPod pod) {
    return SessionWorkers.replicas(pod.getSpec().workers);
  }

  /** Whether the Service and NetworkPolicy should exist. */
  static boolean wanted(JuliaPod pod, Plan plan) {
    return replicas(pod) > 0 && SessionWorkers.nameProblem(plan) == null;
  }

  /**
   * @param stopped the session is suspended or idle: its workers go too
   * @return when to look again without an event (a failed worker to replace, a refusal to try
   *     again), or null
   */
  Duration apply(
      Context<JuliaPod> context,
      ClusterCookie.Check cookie,
      SessionTemplate template,
      JuliaPod owner,
      JuliaPodStatus status,
      Plan plan,
      String image,
      boolean stopped,
      long generation) {
    int replicas = replicas(owner);
    String problem = replicas > 0 ? SessionWorkers.nameProblem(plan) : null;
    // Refused or someone else's: said in WorkersReady; the pods go on without them.
    Exception objects = dependents.reconcile(owner, plan, wanted(owner, plan), context);
    if (objects != null && !permanent(objects)) {
      throw objects instanceof RuntimeException r ? r : new IllegalStateException(objects);
    }
    if (problem != null) {
      report.set(
          owner, status, generation, new SessionHealth(false, true, "InvalidName", problem, null));
      return null;
    }
    // The informer holds worker pods only: in a namespace without workers this is empty.
    Cached<Pod> pods = Cached.of(context, Pod.class, JuliaPodSources.WORKER_PODS);
    List<Pod> mine =
        new java.util.ArrayList<>(
            pods.list(plan.namespace()).filter(p -> plan.name().equals(label(p))).toList());
    // A pod made a moment ago is in the informer's recent-writes cache, which a listing does not
    // read (java-operator-sdk ManagedInformerEventSource.get and list): looked up by name, it is
    // not made twice.
    for (int i = 0; i < replicas; i++) {
      String name = WorkerPod.name(plan, i);
      if (mine.stream().noneMatch(p -> name.equals(p.getMetadata().getName()))) {
        pods.get(plan.namespace(), name).ifPresent(mine::add);
      }
    }
    mine.sort(java.util.Comparator.comparing(p -> p.getMetadata().getName()));
    WorkersSpec spec =
        owner.getSpec().workers == null ? new WorkersSpec() : owner.getSpec().workers;
    // The template's hash costs a pod built and serialized: only where there are workers.
    String hash = replicas == 0 && mine.isEmpty() ? "" : template.workerHash(plan, image, spec);
    WorkersStep.Decision decision =
        WorkersStep.decide(replicas, stopped, WorkerPod.prefix(plan), hash, mine, clock.instant());
    KubernetesClient client = context.getClient();
    for (Pod pod : decision.delete()) {
      client.resource(pod).delete();
    }
    SessionHealth refused = null;
    if (!decision.create().isEmpty()) {
      cookie.beforeMounting();
    }
    for (int index : decision.create()) {
      Pod pod = Owners.ownedBy(WorkerPod.of(plan, image, spec, index), owner);
      pod.getMetadata().getAnnotations().put(SessionManager.TEMPLATE_HASH, hash);
      try {
        Pod made = Owners.createIfAbsent(client, pod);
        if (made != null) {
          pods.created(made);
        }
      } catch (KubernetesClientException e) {
        if (!permanent(e)) {
          throw e;
        }
        refused = WorkerReport.refused(pod.getMetadata().getName(), e);
        break; // a quota or a policy refuses the next one alike
      }
    }
    if (!decision.delete().isEmpty() || !decision.create().isEmpty()) {
      LOG.info(
          "JuliaPod {}/{}: workers: {} wanted, {} started, {} deleted",
          plan.namespace(),
          plan.name(),
          stopped ? 0 : replicas,
          decision.create().size(),
          decision.delete().size());
    }
    report.apply(owner, status, generation, decision, stopped ? 0 : replicas, refused, objects);
    return refused != null || objects != null ? refusedRecheck : decision.recheck();
  }

  /** A refusal that trying again will not change: said, and looked at again later. */
  private static boolean permanent(Exception e) {
    return e instanceof IllegalStateException
        || (e instanceof KubernetesClientException k
            && ReconcileErrors.PERMANENT.contains(k.getCode()));
  }

  private static String label(Pod pod) {
    return pod.getMetadata().getLabels() == null
        ? null
        : pod.getMetadata().getLabels().get(Labels.JULIAPOD);
  }
}
