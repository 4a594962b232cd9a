package dev.juliapod.operator;

import static dev.juliapod.operator.JuliaPodSources.BUILD_SELECTOR;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Labels;
import dev.juliapod.api.Phase;
import dev.juliapod.build.BuildJobStatus;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.SysimagePlan;
import dev.juliapod.registry.RegistryClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds one sysimage image: the context ConfigMap and Kaniko Job, then the pushed digest or the
 * failure. A failed build is not retried until the JuliaSysimage's spec changes (the JuliaPod
 * controller copies build settings there); a pushed image is final.
 */
// Not generation-aware: its own status changes (a build's progress) are followed too.
@ControllerConfiguration(name = "juliasysimage", generationAwareEventProcessing = false)
public class JuliaSysimageReconciler implements Reconciler<JuliaSysimage> {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(JuliaSysimageReconciler.class);
  static final String JOBS = "build-jobs";
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Timings timings;
  private final Clock clock;
  private final ReconcileErrors errors;
  private final List<String> insecureRegistries;
  private final RegistryCheck registry;
  private final SysimageUsers users;
  private final SysimageRetention retention;

  /**
   * @param users who uses which sysimage, as the JuliaPod controller sees it
   */
  public JuliaSysimageReconciler(
      EventRecorder events,
      OperatorMetrics metrics,
      Timings timings,
      List<String> insecureRegistries,
      RegistryClient registry,
      SysimageUsers users) {
    this.users = users;
    this.retention = new SysimageRetention(users, timings.clock());
    this.registry = new RegistryCheck(registry, timings.registryRecheck(), users);
    this.insecureRegistries = insecureRegistries;
    this.events = events;
    this.metrics = metrics;
    this.timings = timings;
    this.clock = timings.clock();
    this.errors = new ReconcileErrors(events, timings);
  }

  @Override
  public List<EventSource<?, JuliaSysimage>> prepareEventSources(
      EventSourceContext<JuliaSysimage> context) {
    var jobs =
        InformerEventSourceConfiguration.from(Job.class, JuliaSysimage.class)
            .withName(JOBS)
            .withLabelSelector(BUILD_SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaSysimage.class))
            .build();
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, JuliaSysimage.class)
            .withName("build-pods")
            .withLabelSelector(BUILD_SELECTOR)
            .withSecondaryToPrimaryMapper(
                pod ->
                    Set.of(
                        new ResourceID(
                            pod.getMetadata().getLabels().get(Labels.SYSIMAGE),
                            pod.getMetadata().getNamespace())))
            .build();
    return List.of(
        new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(pods, context),
        users.events());
  }

  @Override
  public ErrorStatusUpdateControl<JuliaSysimage> updateErrorStatus(
      JuliaSysimage resource, Context<JuliaSysimage> context, Exception error) {
    if (resource.getStatus() == null) {
      resource.setStatus(new JuliaSysimageStatus());
    }
    return errors.report(resource, resource.getStatus(), context, error);
  }

  @Override
  public UpdateControl<JuliaSysimage> reconcile(
      JuliaSysimage sysimage, Context<JuliaSysimage> context) {
    if (LegacyOwners.present(sysimage)) {
      sysimage = LegacyOwners.drop(context.getClient(), sysimage);
    }
    StatusUpdate<JuliaSysimage> update = StatusUpdate.of(sysimage);
    JuliaSysimageStatus status =
        Objects.requireNonNullElseGet(sysimage.getStatus(), JuliaSysimageStatus::new);
    sysimage.setStatus(status);
    long generation = sysimage.getMetadata().getGeneration();
    Job job = context.getSecondaryResource(Job.class).orElse(null);
    List<Pod> pods = context.getSecondaryResources(Pod.class).stream().toList();
    // A pushed image needs no plan: only the registry recheck is left to do.
    SysimagePlan plan = status.image == null ? SysimagePlans.of(sysimage) : null;
    Duration unused = retention.unusedFor(sysimage);
    SysimageStep step =
        SysimageStep.next(
            unused,
            timings.sysimageRetention(),
            status,
            generation,
            status.image == null ? null : registry.due(sysimage, clock.instant()),
            job,
            job == null || plan == null
                ? null
                : BuildJobStatus.outcome(job, pods, plan.executorImage()));
    if (step instanceof SysimageStep.Remove) {
      remove(context, sysimage);
      return UpdateControl.noUpdate();
    }
    UpdateControl<JuliaSysimage> done = act(context, sysimage, update, step, job, pods, plan);
    if (unused != null) { // look again when the retention is over, whatever else happens
      Duration left = timings.sysimageRetention().minus(unused);
      if (done.getScheduleDelay().map(d -> d > left.toMillis()).orElse(true)) {
        done.rescheduleAfter(left);
      }
    }
    return done;
  }

  private UpdateControl<JuliaSysimage> act(
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
      context
          .getClient()
          .resource(Objects.requireNonNull(job, "RemoveJob without a Job"))
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
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
          new BuildStart(registry, events, metrics, timings, insecureRegistries)
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
      finished.succeeded(sysimage, job, plan, ok);
    } else if (outcome instanceof BuildOutcome.Failed reported) {
      finished.failed(context, sysimage, job, pods, reported);
    } else {
      return new RunningBuild(events, metrics, timings)
          .report(context, sysimage, update, job, pods, plan, (BuildOutcome.Running) outcome);
    }
    return update.write(context);
  }

  /** Nobody used it for the retention period; Kubernetes collects its Job and context. */
  private void remove(Context<JuliaSysimage> context, JuliaSysimage sysimage) {
    context
        .getClient()
        .resource(sysimage)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    retention.removed(sysimage);
    LOG.info(
        "removed JuliaSysimage {}/{}: no JuliaPod has used it for {}",
        sysimage.getMetadata().getNamespace(),
        sysimage.getMetadata().getName(),
        timings.sysimageRetention());
  }
}
