package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.SysimagePlan;
import dev.juliapod.registry.Lookup;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A JuliaSysimage without a build Job: wait for edits to settle, check the push Secret, ask the
 * registry whether the image is there already, and otherwise start the Kaniko Job.
 */
final class BuildStart {
  static final String PUSH_SECRET_INVALID = "PushSecretInvalid";
  private final RegistryCheck registry;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Duration secretRecheck;
  private final List<String> insecureRegistries;
  private final DepotCacheTurns cache;

  /** The Job to follow, or, when there is none to follow yet, what the reconcile returns. */
  record Started(Job job, UpdateControl<JuliaSysimage> done) {}

  BuildStart(
      RegistryCheck registry,
      EventRecorder events,
      OperatorMetrics metrics,
      Timings timings,
      List<String> insecureRegistries,
      DepotCacheTurns cache) {
    this.registry = registry;
    this.events = events;
    this.metrics = metrics;
    this.clock = timings.clock();
    this.secretRecheck = timings.secretRecheck();
    this.insecureRegistries = insecureRegistries;
    this.cache = cache;
  }

  Started start(
      Context<JuliaSysimage> context,
      JuliaSysimage sysimage,
      StatusUpdate<JuliaSysimage> update,
      SysimagePlan plan) {
    JuliaSysimageStatus status = sysimage.getStatus();
    long generation = sysimage.getMetadata().getGeneration();
    KubernetesClient client = context.getClient();
    String namespace = sysimage.getMetadata().getNamespace();
    Duration wait = SharedSysimage.untilBuildMayStart(sysimage, clock);
    if (wait != null) {
      mark(
          status,
          generation,
          State.PROGRESSING,
          Phase.PENDING,
          "SettlingEdits",
          "waiting for further edits of the JuliaPod until "
              + sysimage.getMetadata().getAnnotations().get(SharedSysimage.BUILD_AFTER)
              + " before building");
      return new Started(null, update.write(context).rescheduleAfter(wait));
    }
    // Only a build needs the Secret; read here so a running build costs no request.
    PushSecret secret = PushSecret.read(client, namespace, plan.pushSecret(), secretRecheck);
    if (secret.problem() != null) {
      mark(status, generation, State.STALLED, Phase.FAILED, PUSH_SECRET_INVALID, secret.problem());
      return new Started(null, update.write(context).rescheduleAfter(secretRecheck));
    }
    // The first owner's credentials Secret, mounted by the build pod: one gone since that
    // JuliaPod was planned would leave the pod waiting to mount it, with no word in status.
    String credentials = plan.sources().credentialsSecret();
    String unusable =
        credentials == null
            ? null
            : CredentialsSecret.problem(
                client, namespace, credentials, "the build's credentials Secret " + credentials);
    if (unusable != null) {
      mark(status, generation, State.STALLED, Phase.FAILED, CredentialsSecret.REASON, unusable);
      return new Started(null, update.write(context).rescheduleAfter(secretRecheck));
    }
    Lookup existing = registry.tag(plan, secret);
    InRegistry.set(status, generation, existing, plan.imageTagRef(), false, clock.instant());
    if (existing instanceof Lookup.Found found) {
      status.image = plan.repository() + "@" + found.digest();
      registry.checked(sysimage, clock.instant());
      mark(
          status,
          generation,
          State.READY,
          Phase.READY,
          "FoundInRegistry",
          "image "
              + status.image
              + " found in the registry as "
              + plan.imageTagRef()
              + ": no build");
      metrics.registryHit();
      events.normal(
          sysimage,
          "FoundInRegistry",
          plan.imageTagRef() + " is " + found.digest() + ": using it without a build");
      return new Started(null, update.write(context));
    }
    client
        .resource(Owners.ownedBy(KanikoJob.context(plan, namespace), sysimage))
        .createOr(current -> current.update());
    Cached<Job> jobs = Cached.of(context, Job.class, JuliaSysimageReconciler.JOBS);
    String name = sysimage.getMetadata().getName();
    DepotCacheUse use =
        cache.take(
            client,
            namespace,
            name,
            jobs.list(namespace).toList(),
            Cached.of(context, Pod.class, JuliaSysimageReconciler.BUILD_PODS)
                .list(namespace)
                .toList(),
            clock.instant());
    boolean mount = use != null && use.mount();
    Job desired =
        Owners.ownedBy(KanikoJob.job(plan, namespace, insecureRegistries, mount), sysimage);
    Job created;
    Job job;
    try {
      created = Owners.create(client, desired).orElse(null);
      // Without it, the cache lags a Job created moments ago: that one is the build.
      job = created != null ? created : client.resource(desired).get();
    } catch (RuntimeException e) {
      cache.release(namespace, name);
      throw e;
    }
    if (job == null) { // that one is being deleted: start again when it is gone
      cache.release(namespace, name);
      return new Started(null, update.write(context).rescheduleAfter(Duration.ofSeconds(1)));
    }
    if (use != null) {
      DepotCacheUse said = use.of(DepotCacheTurns.mounts(job));
      if (mount && !said.mount()) {
        cache.release(namespace, name);
      }
      StatusConditions.set(
          status,
          DepotCacheUse.TYPE,
          said.mount() ? "True" : "False",
          said.reason(),
          said.message(),
          generation,
          clock.instant());
    }
    if (created != null) {
      jobs.created(job);
      metrics.buildStarted();
      events.normal(
          sysimage,
          "BuildStarted",
          "Kaniko Job "
              + job.getMetadata().getName()
              + " builds "
              + plan.imageTagRef()
              + (use == null ? "" : use.mount() ? " with the depot cache" : ": " + use.message()));
    }
    status.job = job.getMetadata().getName();
    return new Started(job, null);
  }

  private void mark(
      JuliaSysimageStatus status,
      long generation,
      State state,
      Phase phase,
      String reason,
      String message) {
    StatusConditions.apply(status, generation, state, phase, reason, message, clock.instant());
  }
}
