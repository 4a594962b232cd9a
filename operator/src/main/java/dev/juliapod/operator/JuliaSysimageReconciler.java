package dev.juliapod.operator;

import static dev.juliapod.operator.JuliaPodSources.BUILD_SELECTOR;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Labels;
import dev.juliapod.build.BuildJobStatus;
import dev.juliapod.plan.DepotCacheSettings;
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
  static final String BUILD_PODS = "build-pods";
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Timings timings;
  private final Clock clock;
  private final ReconcileErrors errors;
  private final RegistryCheck registry;
  private final SysimageUsers users;
  private final SysimageRetention retention;
  private final SysimageSteps steps;

  /**
   * @param users who uses which sysimage, as the JuliaPod controller sees it
   * @param cache the depot cache builds share, if any
   */
  public JuliaSysimageReconciler(
      EventRecorder events,
      OperatorMetrics metrics,
      Timings timings,
      List<String> insecureRegistries,
      DepotCacheSettings cache,
      RegistryClient registry,
      SysimageUsers users) {
    this.users = users;
    this.retention = new SysimageRetention(users, timings.clock());
    this.registry = new RegistryCheck(registry, timings.registryRecheck(), users);
    users.wakeForNewUser(id -> this.registry.wantsNewUser(id, timings.clock().instant()));
    this.events = events;
    this.metrics = metrics;
    this.timings = timings;
    this.clock = timings.clock();
    this.errors = new ReconcileErrors(events, timings);
    this.steps =
        new SysimageSteps(
            this.registry,
            events,
            metrics,
            timings,
            insecureRegistries,
            new DepotCacheTurns(cache));
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
            .withName(BUILD_PODS)
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
      steps.remove(context, sysimage);
      retention.removed(sysimage);
      return UpdateControl.noUpdate();
    }
    UpdateControl<JuliaSysimage> done = steps.run(context, sysimage, update, step, job, pods, plan);
    Duration window = registry.windowLeft(sysimage, clock.instant());
    if (window != null) {
      // Users who arrive within the interval after a look do not wake it
      // (RegistryCheck.wantsNewUser): one pass at its end serves them all.
      sooner(done, window);
    }
    if (unused != null) { // look again when the retention is over, whatever else happens
      sooner(done, timings.sysimageRetention().minus(unused));
    }
    return done;
  }

  private static void sooner(UpdateControl<JuliaSysimage> control, Duration delay) {
    if (control.getScheduleDelay().map(d -> d > delay.toMillis()).orElse(true)) {
      control.rescheduleAfter(delay);
    }
  }
}
