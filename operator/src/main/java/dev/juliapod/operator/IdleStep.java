package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.Labels;
import dev.juliapod.session.ActivityEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Idle culling's decisions, pure (docs/design.md, "Idle culling"): what an answer of a session's
 * activity listener means under its timeout, and whether a culled JuliaPod stays idle.
 */
public final class IdleStep {
  /**
   * One question to a session pod's listener.
   *
   * @param report what it answered, or null when it could not be asked or gave no usable answer
   * @param problem why there is no report
   * @param listenerTime the listener's clock when it answered (its Date header), or null: the clock
   *     of the node the REPL stamps its activity with
   */
  record Answer(
      String podUid,
      Instant askedAt,
      ActivityEndpoint.Report report,
      String problem,
      Instant listenerTime) {
    Answer(String podUid, Instant askedAt, ActivityEndpoint.Report report, String problem) {
      this(podUid, askedAt, report, problem, null);
    }
  }

  /** What an answer means. */
  sealed interface Verdict permits Unasked, Unknown, Active, Due {}

  /** Not asked yet since the pod started. */
  record Unasked() implements Verdict {}

  /** The listener could not be asked or answered nonsense: never culled for it. */
  record Unknown(String why) implements Verdict {}

  /**
   * @param idleFor how long it had been idle when asked; zero while busy
   */
  record Active(Instant lastActivity, boolean busy, Duration idleFor) implements Verdict {}

  /** Idle past its timeout when asked. */
  record Due(Instant lastActivity, Duration idleFor) implements Verdict {}

  private IdleStep() {}

  static Verdict judge(Answer answer, Duration timeout) {
    if (answer == null) {
      return new Unasked();
    }
    ActivityEndpoint.Report report = answer.report();
    if (report == null) {
      return new Unknown(answer.problem());
    }
    if (report.busy()) {
      return new Active(report.lastActivity(), true, Duration.ZERO);
    }
    // Measured on the node's clock where the listener said it, so a node whose clock is off
    // from the operator's is not culled early or late by the difference; activity "in the
    // future" (a clock ahead, or the Date header's whole seconds) is not idle at all.
    Instant now = answer.listenerTime() != null ? answer.listenerTime() : answer.askedAt();
    Duration idle = Duration.between(report.lastActivity(), now);
    if (idle.isNegative()) {
      idle = Duration.ZERO;
    }
    return idle.compareTo(timeout) >= 0
        ? new Due(report.lastActivity(), idle)
        : new Active(report.lastActivity(), false, idle);
  }

  /**
   * Whether an answer's meaning differs from the one before in a way the JuliaPod's status shows,
   * or asks for a cull: only then does the watch wake the JuliaPod.
   */
  static boolean worthAPass(Verdict before, Verdict now) {
    return now instanceof Due || !before.getClass().equals(now.getClass());
  }

  /**
   * Whether a culled JuliaPod stays without a pod: status has its idleSince, its spec has not
   * changed since (a new generation resumes it), and nobody asked for it back (`juliapod start`
   * writes {@link Labels#RESUME} with the idleSince it resumes, so no clock of another machine is
   * compared). Not the phase: a pass that waits for a rebuilt sysimage or a credentials Secret
   * writes another, and the session must not come back when that clears. The annotation leaves the
   * generation alone: with the status subresource, the API server increments metadata.generation
   * for changes to anything but metadata and status (Kubernetes docs, "Extend the Kubernetes API
   * with CustomResourceDefinitions", Status subresource), as the CRUD mock does (IdleCullingTest
   * resumes at generation 1).
   */
  public static boolean idle(JuliaPod pod) {
    JuliaPodStatus status = pod.getStatus();
    if (status == null || status.idleSince == null) {
      return false;
    }
    if (!Objects.equals(pod.getMetadata().getGeneration(), status.observedGeneration)) {
      return false;
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null || !status.idleSince.equals(annotations.get(Labels.RESUME));
  }
}
