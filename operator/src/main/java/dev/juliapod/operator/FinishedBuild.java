package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.build.BuildPods;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A build Job that has ended with a result, written to the JuliaSysimage's status: the pushed
 * image, which is final, or the failure, which waits for a spec change.
 */
final class FinishedBuild {
  private final RegistryCheck registry;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  FinishedBuild(
      RegistryCheck registry, EventRecorder events, OperatorMetrics metrics, Timings timings) {
    this.registry = registry;
    this.events = events;
    this.metrics = metrics;
    this.clock = timings.clock();
  }

  void succeeded(
      Context<JuliaSysimage> context,
      JuliaSysimage sysimage,
      Job job,
      List<Pod> pods,
      SysimagePlan plan,
      BuildOutcome.Succeeded ok) {
    JuliaSysimageStatus status = sysimage.getStatus();
    if (DepotCacheTurns.mounts(job)) {
      DepotCacheReport report = DepotCacheReport.read(context.getClient(), job, pods);
      if (report != null) {
        StatusConditions.set(
            status,
            DepotCacheUse.TYPE,
            report.degraded() ? "False" : "True",
            report.degraded() ? DepotCacheReport.DEGRADED : DepotCacheReport.USED,
            report.message(),
            sysimage.getMetadata().getGeneration(),
            clock.instant());
        if (report.degraded()) {
          events.warning(sysimage, DepotCacheReport.DEGRADED, report.message());
        }
      }
    }
    status.image = plan.repository() + "@" + ok.digest();
    registry.checked(sysimage, clock.instant());
    // Pushed just now: what the registry said before the build is no longer so (and the first
    // look after it would write status only to say that).
    InRegistry.pushed(
        status,
        sysimage.getMetadata().getGeneration(),
        plan.imageTagRef(),
        ok.digest(),
        clock.instant());
    mark(sysimage, State.READY, Phase.READY, "Built", "image " + status.image);
    metrics.buildSucceeded(sysimage, took(job));
    events.normal(sysimage, "BuildSucceeded", "pushed " + status.image);
  }

  /** The failure, with the end of the build's log: that is where Julia says why. */
  void failed(
      Context<JuliaSysimage> context,
      JuliaSysimage sysimage,
      Job job,
      List<Pod> pods,
      BuildOutcome.Failed reported) {
    // A Job whose pods were all refused runs into its deadline: the refusal is the cause.
    BuildOutcome.Failed failed =
        BuildPods.of(job, pods).isEmpty()
            ? RunningBuild.refusal(context, job).orElse(reported)
            : reported;
    String message =
        failed.message() + BuildLogs.tail(context.getClient(), BuildPods.of(job, pods));
    mark(sysimage, State.STALLED, Phase.FAILED, failed.reason(), message);
    metrics.buildFailed(sysimage, failed.reason());
    events.warning(sysimage, "BuildFailed", message);
  }

  private Duration took(Job job) {
    String created = job.getMetadata().getCreationTimestamp();
    return created == null
        ? Duration.ZERO
        : Duration.between(Instant.parse(created), clock.instant());
  }

  private void mark(
      JuliaSysimage sysimage, State state, Phase phase, String reason, String message) {
    StatusConditions.apply(
        sysimage.getStatus(),
        sysimage.getMetadata().getGeneration(),
        state,
        phase,
        reason,
        message,
        clock.instant());
  }
}
