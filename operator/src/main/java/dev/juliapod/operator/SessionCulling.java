package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.plan.IdleTimeout;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.ActivityEndpoint;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Executes idle culling's decisions for one running session (docs/design.md, "Idle culling"): keeps
 * its pod asked while culling is on for it, says in the Activity condition whether its activity is
 * known, and tells the reconciler when it is to be culled. It never deletes: the pass after the one
 * that wrote status Idle does ({@link SessionManager}), so a lost status write never leaves a
 * culled session without a record of it.
 */
final class SessionCulling {
  static final String ACTIVITY = "Activity";

  private final ActivityWatch watch;
  private final EventRecorder events;
  private final Clock clock;

  SessionCulling(ActivityWatch watch, EventRecorder events, Clock clock) {
    this.watch = watch;
    this.events = events;
    this.clock = clock;
  }

  /**
   * For a session pod that runs its REPL.
   *
   * @return when it is culled, now; else null
   */
  Instant check(JuliaPod owner, JuliaPodStatus status, Plan plan, Pod pod, long generation) {
    ResourceID id = ResourceID.fromResource(owner);
    Optional<Duration> timeout = IdleTimeout.of(plan.session());
    if (timeout.isEmpty()) {
      forget(owner, status);
      return null;
    }
    ActivityEndpoint.Target target = ActivityEndpoint.of(pod);
    if (target.uri() == null) {
      watch.forget(id);
      unknown(owner, status, generation, target.problem());
      return null;
    }
    String uid = pod.getMetadata().getUid();
    watch.watch(id, uid, target.uri(), timeout.get());
    IdleStep.Verdict verdict = IdleStep.judge(watch.last(id, uid), timeout.get());
    if (verdict instanceof IdleStep.Due) {
      verdict = IdleStep.judge(watch.askNow(id, uid, target.uri()), timeout.get());
    }
    if (verdict instanceof IdleStep.Due) {
      watch.forget(id);
      status.conditions.removeIf(c -> ACTIVITY.equals(c.getType()));
      return clock.instant();
    }
    if (verdict instanceof IdleStep.Unknown unknown) {
      unknown(owner, status, generation, unknown.why());
    } else if (verdict instanceof IdleStep.Active) {
      // Nothing that changes at every answer (idle for how long, busy or not): answers bring no
      // pass unless they change this, and a status message left behind would be stale.
      set(
          status,
          generation,
          "True",
          "Reported",
          "the session's REPL reports its activity; the session is stopped after "
              + IdleTimeout.describe(timeout.get())
              + " without input or a running evaluation");
    }
    // Not asked yet: the first answer brings a pass (ActivityWatch), and says it then.
    return null;
  }

  /** Not running, or culling off for it: nothing to ask, nothing to say. */
  void forget(JuliaPod owner, JuliaPodStatus status) {
    watch.forget(ResourceID.fromResource(owner));
    status.conditions.removeIf(c -> ACTIVITY.equals(c.getType()));
  }

  private void unknown(JuliaPod owner, JuliaPodStatus status, long generation, String why) {
    boolean already =
        status.conditions.stream()
            .anyMatch(c -> ACTIVITY.equals(c.getType()) && "ActivityUnknown".equals(c.getReason()));
    String message = why + "; a session whose activity is unknown is never stopped for idleness";
    if (!already) {
      events.warning(owner, "ActivityUnknown", message);
    }
    set(status, generation, "Unknown", "ActivityUnknown", message);
  }

  private void set(
      JuliaPodStatus status, long generation, String value, String reason, String message) {
    StatusConditions.set(status, ACTIVITY, value, reason, message, generation, clock.instant());
  }
}
