package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.Labels;
import dev.juliapod.api.WorkersSpec;
import dev.juliapod.julia.Sha256;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionHealth;
import dev.juliapod.session.SessionWorkers;
import dev.juliapod.session.WorkerPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JuliaPod's worker pods after its session (docs/design.md, "Distributed workers"): as many as
 * spec.workers.replicas asks for while the session runs, none while it is suspended or idle; {@link
 * WorkersStep} decides, this class carries it out and says it in status.workers and the
 * WorkersReady condition. A JuliaPod that never asked for workers costs no request and no listing.
 */
final class WorkerPass {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPass.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final EventRecorder events;
  private final Clock clock;

  WorkerPass(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  static int replicas(JuliaPod pod) {
    WorkersSpec workers = pod.getSpec().workers;
    return workers == null || workers.replicas == null ? 0 : workers.replicas;
  }

  /** Whether the Service and NetworkPolicy should exist. */
  static boolean wanted(JuliaPod pod, Plan plan) {
    return replicas(pod) > 0 && SessionWorkers.nameProblem(plan) == null;
  }

  /**
   * @param stopped the session is suspended or idle: its workers go too
   */
  void apply(
      Context<JuliaPod> context,
      JuliaPod owner,
      JuliaPodStatus status,
      Plan plan,
      String image,
      boolean stopped,
      long generation) {
    int replicas = replicas(owner);
    if (replicas == 0 && status.workers == null) {
      status.conditions.removeIf(c -> WorkersStep.CONDITION.equals(c.getType()));
      return; // never asked for, or all gone: nothing to list
    }
    String problem = replicas > 0 ? SessionWorkers.nameProblem(plan) : null;
    if (problem != null) {
      condition(
          owner, status, generation, new SessionHealth(false, true, "InvalidName", problem, null));
      return;
    }
    Cached<Pod> pods = Cached.of(context, Pod.class, JuliaPodSources.WORKER_PODS);
    List<Pod> mine = pods.list(plan.namespace()).filter(p -> plan.name().equals(label(p))).toList();
    WorkersSpec spec =
        owner.getSpec().workers == null ? new WorkersSpec() : owner.getSpec().workers;
    String hash = hash(plan, image, spec);
    int desired = stopped ? 0 : replicas;
    WorkersStep.Decision decision =
        WorkersStep.decide(replicas, stopped, WorkerPod.prefix(plan), hash, mine);
    KubernetesClient client = context.getClient();
    for (Pod pod : decision.delete()) {
      client.resource(pod).delete();
    }
    for (int index : decision.create()) {
      Pod pod = Owners.ownedBy(WorkerPod.of(plan, image, spec, index), owner);
      pod.getMetadata().getAnnotations().put(SessionManager.TEMPLATE_HASH, hash);
      pods.created(Owners.createIfAbsent(client, pod));
    }
    if (!decision.delete().isEmpty() || !decision.create().isEmpty()) {
      LOG.info(
          "JuliaPod {}/{}: workers: {} wanted, {} started, {} deleted",
          plan.namespace(),
          plan.name(),
          desired,
          decision.create().size(),
          decision.delete().size());
    }
    status.workers = decision.status();
    if (decision.status() == null) {
      status.conditions.removeIf(c -> WorkersStep.CONDITION.equals(c.getType()));
      return;
    }
    SessionHealth trouble = decision.trouble();
    if (trouble == null) {
      String message =
          desired == 0
              ? "no workers asked for"
              : desired
                  + (desired == 1 ? " worker is up" : " workers are up")
                  + ", "
                  + decision.status().inUse
                  + " of them joined to the session; in the REPL, addworkers() adds the others"
                  + " (using JuliaPodWorkers)";
      trouble = new SessionHealth(true, false, desired == 0 ? "NoWorkers" : "Ready", message, null);
    }
    condition(owner, status, generation, trouble);
  }

  private void condition(
      JuliaPod owner, JuliaPodStatus status, long generation, SessionHealth health) {
    boolean changed =
        status.conditions.stream()
            .noneMatch(
                c ->
                    WorkersStep.CONDITION.equals(c.getType())
                        && health.reason().equals(c.getReason()));
    if (changed
        && !health.ready()
        && SessionHealth.failing(health.reason())
        && !WorkersStep.STOPPED.equals(health.reason())
        && !"Terminating".equals(health.reason())) {
      events.warning(owner, "Workers" + health.reason(), health.message());
    }
    StatusConditions.set(
        status,
        WorkersStep.CONDITION,
        health.ready(),
        health.reason(),
        health.message(),
        generation,
        clock.instant());
  }

  private static String label(Pod pod) {
    return pod.getMetadata().getLabels() == null
        ? null
        : pod.getMetadata().getLabels().get(Labels.JULIAPOD);
  }

  /** Of the pod spec, as the session's: the name is in metadata, so one hash serves all. */
  private static String hash(Plan plan, String image, WorkersSpec spec) {
    return Sha256.hex(SERIALIZATION.asJson(WorkerPod.of(plan, image, spec, 0).getSpec()))
        .substring(0, 16);
  }
}
