package dev.juliapod.operator;

import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The steps of a JuliaPod's reconcile (plan, then join a sysimage, then the session), each decided
 * here from what was read, without a cluster (JuliaPodStepTest); {@link JuliaPodReconciler} carries
 * them out. The shape follows the reconcile steps of apache/spark-kubernetes-operator: each step
 * either ends the pass with a status or hands on.
 */
final class JuliaPodStep {
  private JuliaPodStep() {}

  /**
   * Which JuliaSysimage the JuliaPod uses after this pass.
   *
   * @param hold the sysimage to use (by name), or null when nothing is built for it
   * @param buildAfter for a sysimage the hold creates, when its build may start; null: at once
   */
  record Join(String hold, Instant buildAfter) {}

  /** What the pass does once the plan is known and the sysimage held. */
  sealed interface Next permits AwaitImage, RunSession {}

  /** The spec cannot be planned: stalled until it is edited, not retried. */
  static final String INVALID_SPEC = "InvalidSpec";

  /**
   * The JuliaPod cannot go on: its spec cannot be planned (stalled until it is edited), or
   * something it names is unusable (a credentials Secret, looked at again now and then).
   *
   * @param announce the message is new, so it is worth an event
   */
  record Invalid(String reason, String message, boolean announce) {}

  /** The image is not there yet (a build runs) or will not be (it failed: stalled). */
  record AwaitImage(SysimageReadiness image) implements Next {}

  /**
   * The image is there: keep the session running on it.
   *
   * @param announce the JuliaPod has just learnt that nothing is baked, worth an event
   */
  record RunSession(SysimageReadiness image, boolean announce) implements Next {}

  /**
   * @param edited whether the spec was edited since creation (metadata.generation over 1): a plan
   *     made by an edit waits {@code settle} for the next edit before it builds, so a burst of
   *     applies builds the last plan, not each (docs/design.md, "Edits")
   */
  static Join join(Plan plan, boolean edited, Instant now, Duration settle) {
    String hold = plan.prebuilt() ? null : plan.sysimage().name();
    return new Join(hold, hold != null && edited ? now.plus(settle) : null);
  }

  /** A plan that failed: the message, and whether it differs from the one status shows. */
  static Invalid invalid(String reason, String message, JuliaPodStatus status) {
    return new Invalid(reason, message, !Objects.equals(status.message, message));
  }

  /** After the join: wait for the image, or run the session on it. */
  static Next next(SysimageReadiness image, JuliaPodStatus status) {
    if (!image.ready()) {
      return new AwaitImage(image);
    }
    boolean newlyNothingToBake =
        SysimageReadiness.NOTHING_TO_BAKE.equals(image.reason())
            && !StatusConditions.hasReason(status, PlanStatus.SYSIMAGE_READY, image.reason());
    return new RunSession(image, newlyNothingToBake);
  }
}
