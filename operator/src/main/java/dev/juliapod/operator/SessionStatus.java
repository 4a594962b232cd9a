package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.IdleTimeout;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionHealth;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.Objects;

/**
 * What a JuliaPod's status says about its session (docs/design.md, "Session status"): the
 * SessionReady condition with the pod's own reason, the phase, and an event when the reason
 * changes, so `kubectl describe` shows a crash loop once, not at every restart.
 */
final class SessionStatus {
  static final String SESSION_READY = "SessionReady";
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  SessionStatus(EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  void report(
      JuliaPod pod,
      JuliaPodStatus status,
      Plan plan,
      SessionManager.Observed session,
      long generation) {
    boolean stopped =
        switch (session.presence()) {
          case SUSPENDED, IDLE, CULLED -> true;
          default -> false;
        };
    status.pod = stopped ? null : plan.podName();
    status.attachCommand =
        status.pod == null
            ? null
            : "kubectl attach -it -n " + plan.namespace() + " " + plan.podName() + " -c julia";
    Condition before =
        status.conditions.stream()
            .filter(c -> SESSION_READY.equals(c.getType()))
            .findFirst()
            .orElse(null);
    switch (session.presence()) {
      case SUSPENDED -> {
        condition(status, generation, false, "Suspended", "session pod stopped");
        mark(
            status,
            generation,
            State.SUSPENDED,
            Phase.SUSPENDED,
            "Suspended",
            "spec.session.suspend is true: the pod is stopped, the workspace kept");
      }
      case IDLE, CULLED -> idle(pod, status, plan, session, generation);
      case REPLACING -> {
        condition(
            status, generation, false, "Replacing", "replacing session pod " + plan.podName());
        mark(
            status,
            generation,
            State.PROGRESSING,
            Phase.STARTING,
            "Replacing",
            "replacing the session pod for the new spec or image");
      }
      default -> health(pod, status, session.health(), before, generation);
    }
  }

  /**
   * Ready stays True, as for Suspended: kstatus reads Ready=False as "in progress" and a Flux or
   * Argo CD wait would hang on an idle session (cli-utils pkg/kstatus/status/status.go,
   * checkReadyCondition); SessionReady says Idle.
   */
  private void idle(
      JuliaPod pod,
      JuliaPodStatus status,
      Plan plan,
      SessionManager.Observed session,
      long generation) {
    String timeout =
        IdleTimeout.of(plan.session()).map(IdleTimeout::describe).orElse("its timeout");
    String message =
        "stopped at "
            + status.idleSince
            + " after "
            + timeout
            + " without REPL input or a running evaluation; the workspace is kept: `juliapod start "
            + pod.getMetadata().getName()
            + "` or `juliapod repl` brings it back";
    if (session.presence() == SessionManager.PodPresence.CULLED) {
      events.normal(pod, "Culled", "session pod " + plan.podName() + " " + message);
      metrics.sessionCulled();
    }
    condition(status, generation, false, "Idle", message);
    mark(status, generation, State.SUSPENDED, Phase.IDLE, "Idle", message);
  }

  private void health(
      JuliaPod pod,
      JuliaPodStatus status,
      SessionHealth health,
      Condition before,
      long generation) {
    String reason = health.reason();
    boolean changed = before == null || !reason.equals(before.getReason());
    if (health.ready()) {
      String message =
          health.notice() == null
              ? health.message()
              : health.message() + "; prepare said: " + health.notice();
      if (!Phase.READY.is(status.phase)) {
        events.normal(pod, "SessionStarted", "REPL ready: " + status.attachCommand);
      }
      if (health.notice() != null
          && (before == null || !Objects.equals(before.getMessage(), message))) {
        events.warning(pod, "SessionNotice", health.notice());
      }
      condition(status, generation, true, reason, message);
      mark(
          status,
          generation,
          State.READY,
          Phase.READY,
          "SessionReady",
          "attach with: "
              + status.attachCommand
              + (health.notice() == null ? "" : " (note: " + health.notice() + ")"));
      return;
    }
    condition(status, generation, false, reason, health.message());
    boolean failing = SessionHealth.failing(reason);
    if (failing && changed) {
      events.warning(pod, reason, health.message());
    }
    if (health.stalled()) {
      mark(status, generation, State.STALLED, Phase.FAILED, reason, health.message());
    } else {
      mark(status, generation, State.PROGRESSING, Phase.STARTING, reason, health.message());
    }
  }

  private void condition(
      JuliaPodStatus status, long generation, boolean ready, String reason, String message) {
    StatusConditions.set(
        status, SESSION_READY, ready, reason, message, generation, clock.instant());
  }

  private void mark(
      JuliaPodStatus status,
      long generation,
      State state,
      Phase phase,
      String reason,
      String message) {
    StatusConditions.apply(status, generation, state, phase, reason, message, clock.instant());
  }
}
