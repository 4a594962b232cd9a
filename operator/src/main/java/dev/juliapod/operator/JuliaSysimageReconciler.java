package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
 * Builds one sysimage image: the context ConfigMap and Kaniko Job, then the pushed digest or
 * the failure. A failed build is not retried until the JuliaSysimage's spec changes (the
 * JuliaPod controller copies build settings there); a pushed image is final.
 */
@ControllerConfiguration(name = "juliasysimage")
public class JuliaSysimageReconciler implements Reconciler<JuliaSysimage> {
  static final Duration SECRET_RECHECK = Duration.ofMinutes(5);
  private static final String PUSH_SECRET_INVALID = "PushSecretInvalid";
  private static final String JOBS = "build-jobs";
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final List<String> insecureRegistries;
  private final Duration secretRecheck;

  public JuliaSysimageReconciler(EventRecorder events, OperatorMetrics metrics, Clock clock,
      List<String> insecureRegistries, Duration secretRecheck) {
    this.insecureRegistries = insecureRegistries;
    this.secretRecheck = secretRecheck;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, JuliaSysimage>> prepareEventSources(
      EventSourceContext<JuliaSysimage> context) {
    var jobs = InformerEventSourceConfiguration.from(Job.class, JuliaSysimage.class)
        .withName(JOBS)
        .withLabelSelector("app.kubernetes.io/component=build")
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaSysimage.class)).build();
    var pods = InformerEventSourceConfiguration.from(Pod.class, JuliaSysimage.class)
        .withName("build-pods")
        .withLabelSelector("app.kubernetes.io/component=build")
        .withSecondaryToPrimaryMapper(pod -> Set.of(new ResourceID(
            pod.getMetadata().getLabels().get("juliapod.dev/sysimage"),
            pod.getMetadata().getNamespace()))).build();
    return List.of(new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(pods, context));
  }

  @Override
  public UpdateControl<JuliaSysimage> reconcile(JuliaSysimage sysimage,
      Context<JuliaSysimage> context) {
    StatusPatch<JuliaSysimage> patch = StatusPatch.of(sysimage);
    JuliaSysimageStatus status = Objects.requireNonNullElseGet(sysimage.getStatus(),
        JuliaSysimageStatus::new);
    sysimage.setStatus(status);
    long generation = sysimage.getMetadata().getGeneration();
    if (status.image != null) {
      return UpdateControl.noUpdate(); // pushed: the image is what the name promises
    }
    // A missing push Secret is looked for again (every SECRET_RECHECK); a failed build is not.
    boolean retry = "Failed".equals(status.phase) && !StatusConditions.hasReason(status,
        "Stalled", PUSH_SECRET_INVALID);
    if (retry && Objects.equals(status.observedGeneration, generation)) {
      return UpdateControl.noUpdate(); // failed and nothing changed since: do not loop
    }
    KubernetesClient client = context.getClient();
    String namespace = sysimage.getMetadata().getNamespace();
    SysimagePlan plan = SysimagePlans.of(sysimage);

    Job job = context.getSecondaryResource(Job.class).orElse(null);
    List<Pod> pods = context.getSecondaryResources(Pod.class).stream().toList();
    // Retry by removing the finished Job; a Job that is still running is the retry itself.
    if (retry && job != null && !(BuildOutcome.of(job, pods, plan.executorImage())
        instanceof BuildOutcome.Running)) {
      client.resource(job).withPropagationPolicy(
          io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
      metrics.buildRetried(sysimage);
      mark(status, generation, State.PROGRESSING, "Building", "Retrying",
          "starting the build again after a spec change");
      return patch.write(context);
    }
    if (job == null) {
      java.time.Duration wait = untilBuildMayStart(sysimage);
      if (wait != null) {
        mark(status, generation, State.PROGRESSING, "Pending", "SettlingEdits",
            "waiting for further edits of the JuliaPod until " + sysimage.getMetadata()
                .getAnnotations().get(SysimageOwnership.BUILD_AFTER) + " before building");
        return patch.write(context).rescheduleAfter(wait);
      }
      // Only a build needs the Secret; checked here so a running build costs no request.
      String secretProblem = checkPushSecret(client, namespace, plan.pushSecret(),
          secretRecheck);
      if (secretProblem != null) {
        mark(status, generation, State.STALLED, "Failed", PUSH_SECRET_INVALID, secretProblem);
        return patch.write(context).rescheduleAfter(secretRecheck);
      }
      client.resource(Owners.ownedBy(KanikoJob.context(plan, namespace), sysimage))
          .createOr(existing -> existing.update());
      Job desired = Owners.ownedBy(KanikoJob.job(plan, namespace, insecureRegistries), sysimage);
      job = Owners.create(client, desired).orElse(null);
      if (job == null) { // the cache lags a Job created moments ago: that one is the build
        job = client.resource(desired).get();
      } else {
        Cached.of(context, Job.class, JOBS).created(job);
        metrics.buildStarted();
        events.normal(sysimage, "BuildStarted", "Kaniko Job " + job.getMetadata().getName()
            + " builds " + plan.imageTagRef());
      }
      status.job = job.getMetadata().getName();
    }
    BuildOutcome outcome = BuildOutcome.of(job, pods, plan.executorImage());
    if (outcome instanceof BuildOutcome.Succeeded ok) {
      status.image = plan.repository() + "@" + ok.digest();
      mark(status, generation, State.READY, "Ready", "Built", "image " + status.image);
      metrics.buildSucceeded(sysimage, took(job));
      events.normal(sysimage, "BuildSucceeded", "pushed " + status.image);
    } else if (outcome instanceof BuildOutcome.Failed failed) {
      String message = failed.message() + BuildLogs.tail(client, pods);
      mark(status, generation, State.STALLED, "Failed", failed.reason(), message);
      metrics.buildFailed(sysimage, failed.reason());
      events.warning(sysimage, "BuildFailed", message);
    } else {
      String detail = ((BuildOutcome.Running) outcome).detail();
      mark(status, generation, State.PROGRESSING, "Building", "Building",
          detail != null ? detail : "building " + plan.imageTagRef() + " in Job "
              + job.getMetadata().getName());
    }
    return patch.write(context);
  }

  /** Null once the build may start; else how long until it may. */
  private Duration untilBuildMayStart(JuliaSysimage sysimage) {
    var annotations = sysimage.getMetadata().getAnnotations();
    String after = annotations == null ? null : annotations.get(SysimageOwnership.BUILD_AFTER);
    if (after == null) {
      return null;
    }
    try {
      Duration wait = Duration.between(clock.instant(), java.time.Instant.parse(after));
      return wait.isNegative() || wait.isZero() ? null : wait;
    } catch (java.time.format.DateTimeParseException e) {
      return null; // written by hand: build rather than wait on something unreadable
    }
  }

  private java.time.Duration took(Job job) {
    String created = job.getMetadata().getCreationTimestamp();
    return created == null ? java.time.Duration.ZERO
        : java.time.Duration.between(java.time.Instant.parse(created), clock.instant());
  }

  private void mark(JuliaSysimageStatus status, long generation, State state, String phase,
      String reason, String message) {
    StatusConditions.apply(status, generation, state, phase, reason, message, clock.instant());
  }

  /** The push Secret, if named, must exist and hold a docker config; null when fine. */
  static String checkPushSecret(KubernetesClient client, String namespace, String name,
      Duration recheck) {
    if (name == null) {
      return null;
    }
    try {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null) {
        return "push Secret " + name + " not found in namespace " + namespace + ": create it"
            + " (kubectl create secret docker-registry " + name + " ...) or fix"
            + " spec.build.pushSecret; checked again every " + (recheck.toSeconds() % 60 == 0
            ? recheck.toMinutes() + " minutes" : recheck.toSeconds() + " seconds");
      }
      if (secret.getData() == null || !secret.getData().containsKey(".dockerconfigjson")) {
        return "push Secret " + name + " has no .dockerconfigjson key: it must be of type"
            + " kubernetes.io/dockerconfigjson";
      }
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return "the operator may not read Secret " + name + " in " + namespace
            + ": grant it get on secrets there";
      }
      throw e; // transient: java-operator-sdk retries with backoff
    }
  }
}
