package dev.juliapod.operator;

import static dev.juliapod.operator.JuliaPodSources.SYSIMAGES;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.PackageInfo;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.PlanException;
import dev.juliapod.plan.ProjectFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import dev.juliapod.registry.RegistryClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Reads a JuliaPod, plans it (pure), holds the JuliaSysimage of that plan, and once its image
 * exists keeps the session running. Everything that can be computed without a cluster is in
 * {@link Planner} and the builders; this class only reads state, calls them and writes status.
 */
@ControllerConfiguration(name = "juliapod")
public class JuliaPodReconciler implements Reconciler<JuliaPod> {
  /** How long a plan made by an edit waits for the next edit before it builds. */
  static final Duration EDIT_SETTLE = Duration.ofSeconds(1);
  /** Project text to keep plans for: about 1,600 JuliaPods the size of examples/hello. */
  static final long PLAN_CACHE_CHARS = 16_000_000;
  private final JuliaPodPlanning planning;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final ReconcileErrors errors;
  private final PlanStatus report;
  private final SessionStatus sessionReport;
  /** Their informers are made once, in prepareEventSources; they are used at every pass. */
  private final SessionDependents sessionObjects = new SessionDependents();

  /**
   * @param registry asked for base image digests
   * @param secretRecheck how often a missing push Secret is looked for again
   */
  public JuliaPodReconciler(OperatorDefaults defaults, EventRecorder events,
      OperatorMetrics metrics, Clock clock, RegistryClient registry, Duration secretRecheck) {
    this.planning = new JuliaPodPlanning(defaults, new PlanCache(defaults, PLAN_CACHE_CHARS),
        new BaseImages(registry, clock), secretRecheck);
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.errors = new ReconcileErrors(events, clock);
    this.report = new PlanStatus(clock);
    this.sessionReport = new SessionStatus(events, clock);
  }

  @Override
  public List<EventSource<?, JuliaPod>> prepareEventSources(EventSourceContext<JuliaPod> context) {
    metrics.sessionsRunning(() -> context.getPrimaryCache().list()
        .filter(p -> p.getStatus() != null && "Ready".equals(p.getStatus().phase)).count());
    return JuliaPodSources.of(context, sessionObjects);
  }

  @Override
  public ErrorStatusUpdateControl<JuliaPod> updateErrorStatus(JuliaPod resource,
      Context<JuliaPod> context, Exception error) {
    if (resource.getStatus() == null) {
      resource.setStatus(new JuliaPodStatus());
    }
    return errors.report(resource, resource.getStatus(), context, error);
  }

  @Override
  public UpdateControl<JuliaPod> reconcile(JuliaPod pod, Context<JuliaPod> context) {
    StatusPatch<JuliaPod> patch = StatusPatch.of(pod);
    JuliaPodStatus status = Objects.requireNonNullElseGet(pod.getStatus(), JuliaPodStatus::new);
    pod.setStatus(status);
    long generation = pod.getMetadata().getGeneration();
    KubernetesClient client = context.getClient();
    Cached<JuliaSysimage> sysimages = Cached.of(context, JuliaSysimage.class, SYSIMAGES);

    Plan plan;
    ProjectFiles files;
    try {
      JuliaPodPlanning.Planned planned = planning.plan(pod, context);
      plan = planned.plan();
      files = planned.files();
    } catch (PlanException e) {
      if (!Objects.equals(status.message, e.getMessage())) {
        events.warning(pod, "PlanFailed", e.getMessage());
      }
      mark(status, generation, State.STALLED, "Failed", "InvalidSpec", e.getMessage());
      report.sysimage(status, generation, false, "InvalidSpec", e.getMessage());
      return patch.write(context); // input error: wait for the next edit
    }

    report.baseImage(status, plan, generation);
    JuliaSysimage sysimage = null;
    if (plan.prebuilt()) {
      releaseAllBut(context, pod, null);
      status.sysimage = null;
      status.baked = List.of();
      status.stripped = plan.strip() == null ? List.of() : PlanStatus.stripped(plan.strip());
    } else {
      SysimageOwnership.Acquired acquired = SysimageOwnership.acquire(client, sysimages, pod,
          plan.sysimage(), generation > 1 ? clock.instant().plus(EDIT_SETTLE) : null);
      sysimage = acquired.sysimage();
      if (acquired.joinedExisting()) {
        metrics.cacheHit();
      }
      releaseAllBut(context, pod, plan.sysimage().name());
      status.sysimage = plan.sysimage().name();
      status.baked = plan.sysimage().strip().baked().stream()
          .map(b -> new PackageInfo(b.name(), b.uuid(), b.version(), null)).toList();
      status.stripped = PlanStatus.stripped(plan.sysimage().strip());
    }
    SysimageReadiness image = SysimageReadiness.of(plan,
        sysimage == null ? null : sysimage.getStatus());
    if (SysimageReadiness.NOTHING_TO_BAKE.equals(image.reason())
        && !StatusConditions.hasReason(status, "SysimageReady", image.reason())) {
      events.normal(pod, image.reason(), image.message());
    }
    report.sysimage(status, generation, image.ready(), image.reason(), image.message());
    if (!image.ready()) {
      mark(status, generation, image.failed() ? State.STALLED : State.PROGRESSING,
          image.failed() ? "Failed" : "Building", image.reason(), image.message());
      return patch.write(context);
    }
    status.image = image.image();
    return session(context, pod, patch, status, plan, files, generation);
  }

  private UpdateControl<JuliaPod> session(Context<JuliaPod> context, JuliaPod pod,
      StatusPatch<JuliaPod> patch, JuliaPodStatus status, Plan plan, ProjectFiles files,
      long generation) {
    SessionManager.Observed session = new SessionManager(context, sessionObjects)
        .ensure(pod, plan, files, status.image);
    sessionReport.report(pod, status, plan, session, generation);
    return patch.write(context);
  }

  /**
   * Lets go of every JuliaSysimage this JuliaPod owns but its plan no longer uses. Read from
   * the owner index rather than status.sysimage: during a burst of edits the status in the
   * cache can be a step behind, and a plan it never named would be held (and built) forever.
   */
  private static void releaseAllBut(Context<JuliaPod> context, JuliaPod pod, String keep) {
    for (JuliaSysimage owned : context.getSecondaryResources(JuliaSysimage.class)) {
      if (!owned.getMetadata().getName().equals(keep)) {
        SysimageOwnership.release(context.getClient(), pod, owned.getMetadata().getName());
      }
    }
  }

  private void mark(JuliaPodStatus status, long generation, State state, String phase,
      String reason, String message) {
    StatusConditions.apply(status, generation, state, phase, reason, message, clock.instant());
  }
}
