package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.plan.Plan;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The session part of a JuliaPod's pass once its image exists: its objects and pod ({@link
 * SessionManager}), idle culling ({@link SessionCulling}, docs/design.md "Idle culling"), and what
 * status says of it ({@link SessionStatus}).
 */
final class SessionPass {
  /** Their informers are made once, in prepareEventSources; they are used at every pass. */
  final SessionDependents objects = new SessionDependents();

  /** Asks running sessions for their activity; an event source of the JuliaPod controller. */
  final ActivityWatch activity;

  private final SessionCulling culling;
  private final ClusterCookie cookie;
  final WorkerPass workers;
  private final SessionStatus report;
  private final Clock clock;

  SessionPass(EventRecorder events, OperatorMetrics metrics, Timings timings) {
    this.clock = timings.clock();
    this.cookie = new ClusterCookie(clock);
    this.activity = new ActivityWatch(timings.activityInterval(), clock);
    this.culling = new SessionCulling(activity, events, clock);
    this.report = new SessionStatus(events, metrics, clock);
    this.workers = new WorkerPass(events, timings);
  }

  /**
   * @param session what the session is after this pass; IDLE with its pod when this pass decided to
   *     cull it (status says Idle; the next pass deletes the pod)
   * @param recheck when to look again without an event, for the workers; or null
   */
  record Result(SessionManager.Observed session, java.time.Duration recheck) {}

  Result apply(
      Context<JuliaPod> context,
      JuliaPod pod,
      JuliaPodStatus status,
      JuliaPodPlanning.Planned planned,
      long generation) {
    Plan plan = planned.plan();
    // idleSince of a JuliaPod that is not idle was cleared at the start of the pass.
    boolean idle = culling.pending(pod, status) || IdleStep.idle(pod);
    // Before the session pod, which mounts it, whether or not workers are asked for.
    ClusterCookie.Check cookie = this.cookie.check(context.getClient(), pod, plan);
    cookie.made();
    SessionManager.Observed session =
        new SessionManager(context, objects, cookie)
            .ensure(
                pod,
                plan,
                planned.files(),
                planned.template(),
                status.image,
                clock.instant(),
                idle,
                WorkerPass.wanted(pod, plan));
    if (session.presence() == SessionManager.PodPresence.CULLED
        && !culling.firstCull(session.pod().getMetadata().getUid())) {
      session = new SessionManager.Observed(SessionManager.PodPresence.IDLE, null);
    }
    if (session.presence() == SessionManager.PodPresence.PRESENT
        && session.pod() != null
        && session.health().ready()) {
      Instant culled = culling.check(pod, status, plan, session.pod(), generation);
      if (culled != null) {
        // Status says Idle first; the pass it brings deletes the pod (SessionCulling).
        // Milliseconds: a session resumed and culled again within a second must not get the
        // idleSince its resume annotation names.
        status.idleSince = culled.truncatedTo(ChronoUnit.MILLIS).toString();
        culling.decided(pod, status.idleSince);
        session =
            new SessionManager.Observed(SessionManager.PodPresence.IDLE, null, null, session.pod());
      }
    } else {
      culling.forget(pod, status);
    }
    report.report(pod, status, plan, session, generation);
    SessionManager.PodPresence presence = session.presence();
    java.time.Duration recheck =
        workers.apply(
            context,
            cookie,
            planned.template(),
            pod,
            status,
            plan,
            status.image,
            presence == SessionManager.PodPresence.SUSPENDED
                || presence == SessionManager.PodPresence.IDLE
                || presence == SessionManager.PodPresence.CULLED,
            generation);
    return new Result(session, recheck);
  }

  /** The JuliaPod is gone: nothing to ask any more. */
  void forget(JuliaPod pod) {
    culling.gone(pod);
    cookie.forget(pod);
  }
}
