package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.Phase;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.BuildRules;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.PlanException;
import dev.juliapod.registry.RegistryClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Reads a JuliaPod, plans it (pure), holds the JuliaSysimage of that plan, and once its image
 * exists keeps the session running. Everything that can be computed without a cluster is in {@link
 * Planner} and the builders; this class only reads state, calls them and writes status.
 */
// Reconciled on delete events too, without a finalizer, so the sysimage it used learns at once
// that it lost a user (operator-framework/java-operator-sdk docs/content/en/docs/documentation/
// reconciler.md, "Trigger reconciliation for all events": in-memory state, no finalizer).
@ControllerConfiguration(
    name = "juliapod",
    triggerReconcilerOnAllEvents = true,
    generationAwareEventProcessing = false, // JuliaPodUpdates does it, and lets a resume through
    informer = @Informer(onUpdateFilter = JuliaPodUpdates.class))
public class JuliaPodReconciler implements Reconciler<JuliaPod> {
  /** Project text to keep plans for: about 1,600 JuliaPods the size of examples/hello. */
  static final long PLAN_CACHE_CHARS = 16_000_000;

  private final JuliaPodPlanning planning;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Duration editSettle;
  private final Duration secretRecheck;
  private final Duration podSettle;
  private final ReconcileErrors errors;
  private final PlanStatus report;
  private final SessionPass sessions;
  private final SysimageUsers users;
  private final BuildRules builds;
  private final io.fabric8.kubernetes.api.model.ResourceRequirements buildResources;

  /**
   * @param registry asked for base image digests
   */
  public JuliaPodReconciler(
      OperatorDefaults defaults,
      EventRecorder events,
      OperatorMetrics metrics,
      Timings timings,
      RegistryClient registry,
      SysimageUsers users) {
    this.users = users;
    this.builds = defaults.builds();
    this.buildResources = defaults.buildResources();
    this.clock = timings.clock();
    this.editSettle = timings.editSettle();
    this.secretRecheck = timings.secretRecheck();
    this.podSettle = timings.podSettle();
    this.planning =
        new JuliaPodPlanning(
            defaults,
            new PlanCache(defaults, PLAN_CACHE_CHARS),
            new BaseImages(registry, clock),
            timings.secretRecheck());
    this.events = events;
    this.metrics = metrics;
    this.errors = new ReconcileErrors(events, timings);
    this.report = new PlanStatus(clock);
    this.sessions = new SessionPass(events, metrics, timings);
  }

  @Override
  public List<EventSource<?, JuliaPod>> prepareEventSources(EventSourceContext<JuliaPod> context) {
    metrics.sessionsRunning(
        () ->
            context
                .getPrimaryCache()
                .list()
                .filter(p -> p.getStatus() != null && Phase.READY.is(p.getStatus().phase))
                .count());
    users.bind(context.getPrimaryCache());
    List<EventSource<?, JuliaPod>> sources =
        new java.util.ArrayList<>(
            JuliaPodSources.of(context, sessions.objects, users, builds.namespace()));
    sources.add(sessions.activity);
    sources.addAll(sessions.workers.dependents.eventSources(context));
    return sources;
  }

  @Override
  public ErrorStatusUpdateControl<JuliaPod> updateErrorStatus(
      JuliaPod resource, Context<JuliaPod> context, Exception error) {
    if (resource.getStatus() == null) {
      resource.setStatus(new JuliaPodStatus());
    }
    return errors.report(resource, resource.getStatus(), context, error);
  }

  @Override
  public UpdateControl<JuliaPod> reconcile(JuliaPod pod, Context<JuliaPod> context) {
    if (context.isPrimaryResourceDeleted() || pod.isMarkedForDeletion()) {
      users.gone(pod); // its session objects go with it (owner references)
      planning.forget(pod);
      sessions.forget(pod);
      if (context.isPrimaryResourceDeleted()) {
        Successor.lookAgain(ResourceID.fromResource(pod), context.getPrimaryCache());
      }
      return UpdateControl.noUpdate();
    }
    StatusUpdate<JuliaPod> update = StatusUpdate.of(pod);
    JuliaPodStatus status = Objects.requireNonNullElseGet(pod.getStatus(), JuliaPodStatus::new);
    pod.setStatus(status);
    long generation = pod.getMetadata().getGeneration();
    if (!IdleStep.idle(pod)) {
      // Resumed by an edit or the annotation: said before any path below writes the generation
      // it has seen, which would make an edit that waits for a rebuild look like no edit.
      status.idleSince = null;
    }
    JuliaPodPlanning.Planned planned;
    try {
      planned = planning.plan(pod, context);
    } catch (PlanException e) {
      invalid(
          pod,
          status,
          generation,
          JuliaPodStep.invalid(JuliaPodStep.INVALID_SPEC, e.getMessage(), status));
      return update.write(context); // input error: wait for the next edit
    }
    Plan plan = planned.plan();
    String unusable = planning.credentialsProblem(plan, context);
    if (unusable != null) { // a Secret can appear or be fixed without an edit: look again
      invalid(
          pod,
          status,
          generation,
          JuliaPodStep.invalid(CredentialsSecret.REASON, unusable, status));
      return update.write(context).rescheduleAfter(secretRecheck);
    }
    JuliaPodStep.Join join = JuliaPodStep.join(plan, generation > 1, clock.instant(), editSettle);
    JuliaSysimage sysimage =
        SysimageJoin.apply(
            context, pod, plan, join, users, metrics, buildResources, builds.central());
    report.plan(status, plan, generation);
    SysimageReadiness image =
        SysimageReadiness.of(plan, sysimage == null ? null : sysimage.getStatus());
    JuliaPodStep.Next next = JuliaPodStep.next(image, status); // before status says it
    report.sysimage(status, generation, image.ready(), image.reason(), image.message());
    if (next instanceof JuliaPodStep.RunSession run) {
      if (run.announce()) {
        events.normal(pod, image.reason(), image.message());
      }
      status.image = image.image();
      SessionPass.Result pass = sessions.apply(context, pod, status, planned, generation);
      SessionManager.Observed session = pass.session();
      Duration settling =
          session.unreportedSince() == null || run.announce()
              ? Duration.ZERO
              : podSettle.minus(Duration.between(session.unreportedSince(), clock.instant()));
      if (session.presence() == SessionManager.PodPresence.IDLE && session.pod() != null) {
        return update.write(context).rescheduleAfter(Duration.ZERO); // to delete the pod
      }
      if (!settling.isNegative() && !settling.isZero()) {
        // Nothing has reported on the new pod yet; its first report (scheduled, pulling, ready)
        // brings a pass within moments that says what the session is doing: one status write
        // per phase a user sees, not one for "pod created" on the way (docs/design.md,
        // "Status"). Past podSettle, status says Starting anyway.
        return UpdateControl.<JuliaPod>noUpdate().rescheduleAfter(settling);
      }
      if (pass.recheck() != null) {
        return update.write(context).rescheduleAfter(pass.recheck());
      }
    } else {
      mark(
          status,
          generation,
          image.failed() ? State.STALLED : State.PROGRESSING,
          image.failed() ? Phase.FAILED : Phase.BUILDING,
          image.reason(),
          image.message());
    }
    return update.write(context);
  }

  private void invalid(
      JuliaPod pod, JuliaPodStatus status, long generation, JuliaPodStep.Invalid invalid) {
    boolean spec = JuliaPodStep.INVALID_SPEC.equals(invalid.reason());
    if (invalid.announce()) {
      events.warning(pod, spec ? "PlanFailed" : invalid.reason(), invalid.message());
    }
    mark(status, generation, State.STALLED, Phase.FAILED, invalid.reason(), invalid.message());
    report.sysimage(status, generation, false, invalid.reason(), invalid.message());
  }

  private void mark(
      JuliaPodStatus status,
      long generation,
      State state,
      Phase phase,
      String reason,
      String message) {
    StatusConditions.apply(status, generation, state, phase, reason, message, clock.instant());
  }
}
