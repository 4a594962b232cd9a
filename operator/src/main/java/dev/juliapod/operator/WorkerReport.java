package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.session.SessionHealth;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Set;

/**
 * What status says of a JuliaPod's workers: status.workers and the WorkersReady condition, with a
 * warning event when a failing reason first appears. Never the JuliaPod's Ready: that is its
 * session's.
 */
final class WorkerReport {
  /** Reasons of workers not up that are no failure: no event. */
  private static final Set<String> QUIET = Set.of(WorkersStep.STOPPED, "Terminating");

  private final EventRecorder events;
  private final Clock clock;

  WorkerReport(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /**
   * @param refused the API server refused a worker pod this pass, or null
   * @param objects the Service's or NetworkPolicy's refusal, or null
   */
  void apply(
      JuliaPod owner,
      JuliaPodStatus status,
      long generation,
      WorkersStep.Decision decision,
      int desired,
      SessionHealth refused,
      Exception objects) {
    status.workers = decision.status();
    if (decision.status() == null && objects == null) {
      status.conditions.removeIf(c -> WorkersStep.CONDITION.equals(c.getType()));
      return;
    }
    SessionHealth health = refused;
    if (health == null && objects != null) {
      health =
          new SessionHealth(
              false,
              true,
              "Refused",
              "the workers' Service or NetworkPolicy: " + words(objects),
              null);
    }
    if (health == null) {
      health = decision.trouble();
    }
    if (health == null) {
      String message =
          desired == 0
              ? "no workers asked for"
              : desired
                  + (desired == 1 ? " worker is up" : " workers are up")
                  + ", "
                  + decision.status().inUse
                  + " of them joined to the session; in the REPL, addworkers() adds the others"
                  + " (using JuliaPodWorkers)";
      health = new SessionHealth(true, false, desired == 0 ? "NoWorkers" : "Ready", message, null);
    }
    set(owner, status, generation, health);
  }

  static SessionHealth refused(String pod, KubernetesClientException e) {
    return new SessionHealth(
        false, true, "Refused", "the API server refused worker pod " + pod + ": " + words(e), null);
  }

  private static String words(Exception e) {
    if (e instanceof KubernetesClientException k) {
      String said =
          k.getStatus() != null && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : k.getMessage();
      return "(" + k.getCode() + ") " + said;
    }
    return e.getMessage();
  }

  void set(JuliaPod owner, JuliaPodStatus status, long generation, SessionHealth health) {
    boolean changed =
        status.conditions.stream()
            .noneMatch(
                c ->
                    WorkersStep.CONDITION.equals(c.getType())
                        && health.reason().equals(c.getReason()));
    if (changed
        && !health.ready()
        && SessionHealth.failing(health.reason())
        && !QUIET.contains(health.reason())) {
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
}
