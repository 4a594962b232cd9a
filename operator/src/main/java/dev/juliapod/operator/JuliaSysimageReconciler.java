package dev.juliapod.operator;

import static dev.juliapod.operator.JuliaPodSources.BUILD_SELECTOR;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.build.BuildPodRejection;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.SysimagePlan;
import dev.juliapod.registry.RegistryClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds one sysimage image: the context ConfigMap and Kaniko Job, then the pushed digest or
 * the failure. A failed build is not retried until the JuliaSysimage's spec changes (the
 * JuliaPod controller copies build settings there); a pushed image is final.
 */
// Not generation-aware: a new owner (a metadata change) is when a recorded image is checked.
@ControllerConfiguration(name = "juliasysimage", generationAwareEventProcessing = false)
public class JuliaSysimageReconciler implements Reconciler<JuliaSysimage> {
  static final Duration SECRET_RECHECK = Duration.ofMinutes(5);
  static final String JOBS = "build-jobs";
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final ReconcileErrors errors;
  private final List<String> insecureRegistries;
  private final Duration secretRecheck;
  private final RegistryCheck registry;
  private final Duration podPatience;

  /** @param podPatience how long a build Job may go without a pod before that is a reason */
  public JuliaSysimageReconciler(EventRecorder events, OperatorMetrics metrics, Clock clock,
      List<String> insecureRegistries, Duration secretRecheck, RegistryClient registry,
      Duration podPatience) {
    this.registry = new RegistryCheck(registry);
    this.insecureRegistries = insecureRegistries;
    this.podPatience = podPatience;
    this.secretRecheck = secretRecheck;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.errors = new ReconcileErrors(events, clock);
  }

  @Override
  public List<EventSource<?, JuliaSysimage>> prepareEventSources(
      EventSourceContext<JuliaSysimage> context) {
    var jobs = InformerEventSourceConfiguration.from(Job.class, JuliaSysimage.class)
        .withName(JOBS)
        .withLabelSelector(BUILD_SELECTOR)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaSysimage.class)).build();
    var pods = InformerEventSourceConfiguration.from(Pod.class, JuliaSysimage.class)
        .withName("build-pods")
        .withLabelSelector(BUILD_SELECTOR)
        .withSecondaryToPrimaryMapper(pod -> Set.of(new ResourceID(
            pod.getMetadata().getLabels().get("juliapod.dev/sysimage"),
            pod.getMetadata().getNamespace()))).build();
    return List.of(new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(pods, context));
  }

  @Override
  public ErrorStatusUpdateControl<JuliaSysimage> updateErrorStatus(JuliaSysimage resource,
      Context<JuliaSysimage> context, Exception error) {
    if (resource.getStatus() == null) {
      resource.setStatus(new JuliaSysimageStatus());
    }
    return errors.report(resource, resource.getStatus(), context, error);
  }

  @Override
  public UpdateControl<JuliaSysimage> reconcile(JuliaSysimage sysimage,
      Context<JuliaSysimage> context) {
    StatusPatch<JuliaSysimage> patch = StatusPatch.of(sysimage);
    JuliaSysimageStatus status = Objects.requireNonNullElseGet(sysimage.getStatus(),
        JuliaSysimageStatus::new);
    sysimage.setStatus(status);
    long generation = sysimage.getMetadata().getGeneration();
    KubernetesClient client = context.getClient();
    String namespace = sysimage.getMetadata().getNamespace();
    if (status.image != null) {
      // Pushed: the image is what the name promises, while the registry still has it.
      Duration due = registry.due(sysimage, clock.instant());
      if (due == null) {
        return UpdateControl.noUpdate();
      }
      if (!due.isZero()) {
        return UpdateControl.<JuliaSysimage>noUpdate().rescheduleAfter(due);
      }
      return new BuildRecovery(registry, events, clock, secretRecheck)
          .recheckImage(context, sysimage, patch);
    }
    // A failed build is tried again only after an edit. Not so what the resource cannot fix:
    // a missing push Secret (looked for every SECRET_RECHECK), a build pod the API server
    // refuses (the namespace's Pod Security level or quota; the Job controller keeps
    // trying), a write the API server refused or an error (ReconcileErrors reschedules).
    boolean outside = List.of(BuildStart.PUSH_SECRET_INVALID, BuildPodRejection.REASON,
        ReconcileErrors.REFUSED, ReconcileErrors.ERROR).stream()
        .anyMatch(r -> StatusConditions.hasReason(status, "Stalled", r));
    boolean retry = "Failed".equals(status.phase) && !outside;
    boolean edited = !Objects.equals(status.observedGeneration, generation);
    if (retry && !edited) {
      return UpdateControl.noUpdate(); // failed and nothing changed since: do not loop
    }
    SysimagePlan plan = SysimagePlans.of(sysimage);

    Job job = context.getSecondaryResource(Job.class).orElse(null);
    List<Pod> pods = context.getSecondaryResources(Pod.class).stream().toList();
    boolean gone = StatusConditions.hasReason(status, "Reconciling", BuildRecovery.IMAGE_GONE);
    // A refused Job keeps its old pod template: an edit (less memory, say) needs a new one.
    boolean refusedThenEdited = edited && StatusConditions.hasReason(status, "Stalled",
        BuildPodRejection.REASON);
    // Retry by removing the finished Job; a Job that is still running is the retry itself.
    if ((retry || gone || refusedThenEdited) && job != null && (refusedThenEdited
        || !(BuildOutcome.of(job, pods, plan.executorImage()) instanceof BuildOutcome.Running))) {
      client.resource(job).withPropagationPolicy(
          io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
      if (gone) { // the Job that pushed the image that is gone: out of the way, then build
        return UpdateControl.<JuliaSysimage>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
      }
      metrics.buildRetried(sysimage);
      mark(status, generation, State.PROGRESSING, "Building", "Retrying",
          "starting the build again after a spec change");
      return patch.write(context);
    }
    if (job == null) {
      BuildStart.Started started = new BuildStart(registry, events, metrics, clock,
          secretRecheck, insecureRegistries).start(context, sysimage, patch, plan);
      if (started.done() != null) {
        return started.done();
      }
      job = started.job();
    }
    BuildOutcome outcome = BuildOutcome.of(job, pods, plan.executorImage());
    if (outcome instanceof BuildOutcome.PodGone || outcome instanceof BuildOutcome.Disrupted) {
      return new BuildRecovery(registry, events, clock, secretRecheck)
          .recover(context, sysimage, patch, job, plan, outcome);
    }
    if (outcome instanceof BuildOutcome.Succeeded ok) {
      status.image = plan.repository() + "@" + ok.digest();
      registry.checked(sysimage, clock.instant());
      mark(status, generation, State.READY, "Ready", "Built", "image " + status.image);
      metrics.buildSucceeded(sysimage, took(job));
      events.normal(sysimage, "BuildSucceeded", "pushed " + status.image);
    } else if (outcome instanceof BuildOutcome.Failed reported) {
      // A Job whose pods were all refused runs into its deadline: the refusal is the cause.
      BuildOutcome.Failed failed = BuildOutcome.podsOf(job, pods).isEmpty()
          ? RunningBuild.refusal(context, job).orElse(reported) : reported;
      String message = failed.message() + BuildLogs.tail(client, BuildOutcome.podsOf(job, pods));
      mark(status, generation, State.STALLED, "Failed", failed.reason(), message);
      metrics.buildFailed(sysimage, failed.reason());
      events.warning(sysimage, "BuildFailed", message);
    } else {
      return new RunningBuild(events, metrics, clock, podPatience).report(context, sysimage,
          patch, job, pods, plan, (BuildOutcome.Running) outcome);
    }
    return patch.write(context);
  }

  private Duration took(Job job) {
    String created = job.getMetadata().getCreationTimestamp();
    return created == null ? Duration.ZERO
        : Duration.between(Instant.parse(created), clock.instant());
  }

  private void mark(JuliaSysimageStatus status, long generation, State state, String phase,
      String reason, String message) {
    StatusConditions.apply(status, generation, state, phase, reason, message, clock.instant());
  }
}
