package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.build.BuildJobStatus;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Carries out a {@link SysimageStep} that {@link JuliaSysimageReconciler} decided: the only part of
 * the JuliaSysimage controller that writes to the API server, through the executors of each kind of
 * step ({@link BuildStart}, {@link RunningBuild}, {@link FinishedBuild}, {@link BuildRecovery}).
 */
final class SysimageSteps {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SysimageSteps.class);

  private final RegistryCheck registry;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Timings timings;
  private final Clock clock;
  private final List<String> insecureRegistries;
  private final DepotCacheTurns cache;

  SysimageSteps(
      RegistryCheck registry,
      EventRecorder events,
      OperatorMetrics metrics,
      Timings timings,
      List<String> insecureRegistries,
      DepotCacheTurns cache) {
    this.registry = registry;
    this.events = events;
    this.metrics = metrics;
    this.timings = timings;
    this.clock = timings.clock();
    this.insecureRegistries = insecureRegistries;
    this.cache = cache;
  }

  UpdateControl<JuliaSysimage> run(
      Context<JuliaSysimage> context,
      JuliaSysimage sysimage,
      StatusUpdate<JuliaSysimage> update,
      SysimageStep step,
      Job job,
      List<Pod> pods,
      SysimagePlan plan) {
    JuliaSysimageStatus status = sysimage.getStatus();
    long generation = sysimage.getMetadata().getGeneration();
    BuildRecovery recovery = new BuildRecovery(registry, events, timings);
    if (step instanceof SysimageStep.Idle) {
      return UpdateControl.noUpdate();
    }
    if (step instanceof SysimageStep.Later later) {
      return UpdateControl.<JuliaSysimage>noUpdate().rescheduleAfter(later.delay());
    }
    if (step instanceof SysimageStep.RecheckImage) {
      return recovery.recheckImage(context, sysimage, update);
    }
    if (step instanceof SysimageStep.RemoveJob remove) {
      Owners.deleteInBackground(
          context.getClient(), Objects.requireNonNull(job, "RemoveJob without a Job"));
      if (remove.imageGone()) { // out of the way of the new build
        return UpdateControl.<JuliaSysimage>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
      }
      metrics.buildRetried(sysimage);
      StatusConditions.apply(
          status,
          generation,
          State.PROGRESSING,
          Phase.BUILDING,
          "Retrying",
          "starting the build again after a spec change",
          clock.instant());
      return update.write(context);
    }
    if (step instanceof SysimageStep.Start) {
      BuildStart.Started started =
          new BuildStart(registry, events, metrics, timings, insecureRegistries, cache)
              .start(context, sysimage, update, plan);
      if (started.done() != null) {
        return started.done();
      }
      job = started.job();
    }
    BuildOutcome outcome =
        step instanceof SysimageStep.Follow follow
            ? follow.outcome()
            : BuildJobStatus.outcome(job, pods, plan.executorImage()); // the Job just started
    if (outcome instanceof BuildOutcome.PodGone || outcome instanceof BuildOutcome.Disrupted) {
      return recovery.recover(context, sysimage, update, job, plan, outcome);
    }
    FinishedBuild finished = new FinishedBuild(registry, events, metrics, timings);
    if (outcome instanceof BuildOutcome.Succeeded ok) {
      finished.succeeded(context, sysimage, job, pods, plan, ok);
    } else if (outcome instanceof BuildOutcome.Failed reported) {
      finished.failed(context, sysimage, job, pods, reported);
    } else {
      return new RunningBuild(events, metrics, timings, cache)
          .report(context, sysimage, update, job, pods, plan, (BuildOutcome.Running) outcome);
    }
    return update.write(context);
  }

  /** Nobody used it for the retention period; Kubernetes collects its Job and context. */
  void remove(Context<JuliaSysimage> context, JuliaSysimage sysimage) {
    Owners.deleteInBackground(context.getClient(), sysimage);
    LOG.info(
        "removed JuliaSysimage {}/{}: no JuliaPod has used it for {}",
        sysimage.getMetadata().getNamespace(),
        sysimage.getMetadata().getName(),
        timings.sysimageRetention());
  }
}
