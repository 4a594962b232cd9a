package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.build.BuildPodRejection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a JuliaSysimage reconcile does next, decided from what it observed alone: its status and
 * generation, whether the registry is due to be asked about its image, and its build Job with that
 * Job's outcome. Pure, so every branch is tested without a server (SysimageStepTest); {@link
 * JuliaSysimageReconciler} carries the step out.
 */
sealed interface SysimageStep {
  /** Nothing to do until something changes. */
  record Idle() implements SysimageStep {}

  /** Nothing to do now; look again after {@code delay}. */
  record Later(Duration delay) implements SysimageStep {}

  /** A pushed image, due to be looked up in the registry again. */
  record RecheckImage() implements SysimageStep {}

  /**
   * Remove the finished (or refused) Job so that a build can start again; {@code imageGone}: the
   * Job that pushed an image the registry has since lost.
   */
  record RemoveJob(boolean imageGone) implements SysimageStep {}

  /** No Job: start a build, unless the image is in the registry already. */
  record Start() implements SysimageStep {}

  /** Report on the Job's outcome. */
  record Follow(BuildOutcome outcome) implements SysimageStep {}

  /** Nobody has used it for the retention period: remove it, its Job and context with it. */
  record Remove() implements SysimageStep {}

  /**
   * A failed build is tried again only after an edit. Not so what the resource cannot fix: a
   * missing push or credentials Secret (looked for every Timings.secretRecheck), a build pod the
   * API server refuses (the namespace's Pod Security level or quota; the Job controller keeps
   * trying), a write the API server refused or an error (ReconcileErrors reschedules those).
   */
  List<String> FIXED_OUTSIDE =
      List.of(
          BuildStart.PUSH_SECRET_INVALID,
          CredentialsSecret.REASON,
          BuildPodRejection.REASON,
          ReconcileErrors.REFUSED,
          ReconcileErrors.ERROR);

  /**
   * The step, once the sysimage's use is known: one nobody has used for {@code retention} is
   * removed, and one nobody uses is never built (an intermediate plan of a burst of edits, a
   * JuliaPod deleted before its build began); else {@link #next(JuliaSysimageStatus, long,
   * Duration, Job, BuildOutcome)}.
   *
   * @param unusedFor how long it has had no user; null while it has one
   */
  static SysimageStep next(
      Duration unusedFor,
      Duration retention,
      JuliaSysimageStatus status,
      long generation,
      Duration registryDue,
      Job job,
      BuildOutcome outcome) {
    if (unusedFor != null) {
      if (unusedFor.compareTo(retention) >= 0) {
        return new Remove();
      }
      if (status.image == null && job == null) {
        return new Later(retention.minus(unusedFor));
      }
    }
    return next(status, generation, registryDue, job, outcome);
  }

  /**
   * @param registryDue for a pushed image: null when the registry need not be asked, zero when it
   *     is due, else how long until it is; ignored without an image
   * @param job the build Job, or null
   * @param outcome the Job's outcome (BuildJobStatus.outcome), or null without a Job
   */
  static SysimageStep next(
      JuliaSysimageStatus status,
      long generation,
      Duration registryDue,
      Job job,
      BuildOutcome outcome) {
    if (status.image != null) {
      // Pushed: the image is what the name promises, while the registry still has it.
      if (registryDue == null) {
        return new Idle();
      }
      return registryDue.isZero() ? new RecheckImage() : new Later(registryDue);
    }
    boolean outside =
        FIXED_OUTSIDE.stream()
            .anyMatch(r -> StatusConditions.hasReason(status, StatusConditions.STALLED, r));
    boolean retry = Phase.FAILED.is(status.phase) && !outside;
    boolean edited = !Objects.equals(status.observedGeneration, generation);
    if (retry && !edited) {
      return new Idle(); // failed and nothing changed since: do not loop
    }
    boolean gone =
        StatusConditions.hasReason(status, StatusConditions.RECONCILING, BuildRecovery.IMAGE_GONE);
    // A refused Job keeps its old pod template: an edit (less memory, say) needs a new one.
    boolean refusedThenEdited =
        edited
            && StatusConditions.hasReason(
                status, StatusConditions.STALLED, BuildPodRejection.REASON);
    // Retry by removing the finished Job; a Job that is still running is the retry itself.
    if ((retry || gone || refusedThenEdited)
        && job != null
        && (refusedThenEdited || !(outcome instanceof BuildOutcome.Running))) {
      return new RemoveJob(gone);
    }
    return job == null ? new Start() : new Follow(outcome);
  }
}
