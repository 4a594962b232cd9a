package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.build.BuildPodRejection;
import dev.juliapod.build.BuildPods;
import dev.juliapod.build.DepotCache;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A build Job that has not ended: building, or, when it has had no pod for longer than the
 * patience, refused by the API server (docs/design.md, "Build pods the API server refuses").
 */
final class RunningBuild {
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Duration patience;
  private final DepotCacheTurns cache;

  RunningBuild(
      EventRecorder events, OperatorMetrics metrics, Timings timings, DepotCacheTurns cache) {
    this.cache = cache;
    this.events = events;
    this.metrics = metrics;
    this.clock = timings.clock();
    this.patience = timings.buildPodPatience();
  }

  UpdateControl<JuliaSysimage> report(
      Context<JuliaSysimage> context,
      JuliaSysimage sysimage,
      StatusUpdate<JuliaSysimage> update,
      Job job,
      List<Pod> pods,
      SysimagePlan plan,
      BuildOutcome.Running running) {
    JuliaSysimageStatus status = sysimage.getStatus();
    long generation = sysimage.getMetadata().getGeneration();
    List<Pod> jobPods = BuildPods.of(job, pods);
    Optional<BuildOutcome.Failed> rejected = rejection(context, job, jobPods);
    if (rejected.isPresent()) {
      if (!StatusConditions.hasReason(status, StatusConditions.STALLED, BuildPodRejection.REASON)) {
        metrics.buildFailed(sysimage, BuildPodRejection.REASON);
        events.warning(sysimage, BuildPodRejection.REASON, rejected.get().message());
      }
      StatusConditions.apply(
          status,
          generation,
          State.STALLED,
          Phase.FAILED,
          BuildPodRejection.REASON,
          rejected.get().message(),
          clock.instant());
      return update.write(context);
    }
    // A pod that has not started may be waiting for a volume: nothing changes on the pod while
    // the kubelet retries the mount, so no event would bring the next look.
    boolean notStarted = BuildPods.notStarted(jobPods);
    Duration left = BuildPodRejection.remaining(job, clock.instant(), patience);
    if (notStarted
        && left.isZero()
        && DepotCacheTurns.mounts(job)
        && job.getMetadata().getDeletionTimestamp() == null
        && !cache.refused(
            sysimage.getMetadata().getNamespace(), sysimage.getMetadata().getName())) {
      Optional<String> blocked =
          BuildPods.volumeBlocked(jobPods, namespaceEvents(context, job), DepotCache.VOLUME);
      if (blocked.isPresent()) {
        return withoutCache(context, sysimage, update, job, blocked.get());
      }
    }
    // Only a pod on a node can be waiting for a mount; one the scheduler has not placed costs no
    // request.
    boolean onNode = BuildPods.waitingOnNode(jobPods);
    String restored =
        onNode && left.isZero() ? BuildContextRestore.ifGone(context, sysimage, plan, job) : null;
    if (restored != null) {
      events.warning(sysimage, BuildContextRestore.REASON, restored);
    }
    // What was restored stays said until the pod starts: the status write brings the next pass
    // at once (this controller follows its own status), where the context is there again.
    boolean said =
        restored == null
            && onNode
            && StatusConditions.hasReason(
                status, StatusConditions.RECONCILING, BuildContextRestore.REASON);
    if (!said) {
      StatusConditions.apply(
          status,
          generation,
          State.PROGRESSING,
          Phase.BUILDING,
          restored != null ? BuildContextRestore.REASON : "Building",
          restored != null
              ? restored
              : running.detail() != null
                  ? running.detail()
                  : "building " + plan.imageTagRef() + " in Job " + job.getMetadata().getName(),
          clock.instant());
    }
    if (notStarted) {
      // Look again when it may be overdue; once it is and nothing says why (a suspended Job,
      // events dropped by rate limiting, a volume not there to mount), not more often than the
      // patience.
      return update.write(context).rescheduleAfter(left.isZero() ? patience : left.plusSeconds(1));
    }
    return update.write(context);
  }

  /**
   * The cache must never hold a build up (docs/design.md, "Depot cache"): a build pod that cannot
   * have the volume is replaced by one without it, which builds the same image.
   */
  private UpdateControl<JuliaSysimage> withoutCache(
      Context<JuliaSysimage> context,
      JuliaSysimage sysimage,
      StatusUpdate<JuliaSysimage> update,
      Job job,
      String why) {
    JuliaSysimageStatus status = sysimage.getStatus();
    long generation = sysimage.getMetadata().getGeneration();
    cache.refuse(sysimage.getMetadata().getNamespace(), sysimage.getMetadata().getName(), why);
    Owners.deleteInBackground(context.getClient(), job);
    String message =
        "the build pod could not mount the depot cache within "
            + patience.toSeconds()
            + "s ("
            + why
            + "): building again without it";
    events.warning(sysimage, DepotCacheUse.UNAVAILABLE, message);
    StatusConditions.set(
        status,
        DepotCacheUse.TYPE,
        "False",
        DepotCacheUse.UNAVAILABLE,
        message,
        generation,
        clock.instant());
    StatusConditions.apply(
        status,
        generation,
        State.PROGRESSING,
        Phase.BUILDING,
        "Retrying",
        message,
        clock.instant());
    return update.write(context).rescheduleAfter(Duration.ofSeconds(1));
  }

  /**
   * Rare (an overdue, failed or cached build whose pod has not started), so the namespace's events
   * are listed and filtered: the involvedObject.uid field selector the API server offers, the mock
   * does not.
   */
  private static List<Event> namespaceEvents(Context<JuliaSysimage> context, Job job) {
    return context
        .getClient()
        .v1()
        .events()
        .inNamespace(job.getMetadata().getNamespace())
        .list()
        .getItems();
  }

  /** A Job without a pod for longer than the patience: what its FailedCreate events say. */
  private Optional<BuildOutcome.Failed> rejection(
      Context<JuliaSysimage> context, Job job, List<Pod> jobPods) {
    if (!BuildPodRejection.overdue(job, jobPods, clock.instant(), patience)) {
      return Optional.empty();
    }
    return refusal(context, job);
  }

  /** What the Job's FailedCreate events say, if any. */
  static Optional<BuildOutcome.Failed> refusal(Context<JuliaSysimage> context, Job job) {
    return BuildPodRejection.of(job, namespaceEvents(context, job));
  }
}
