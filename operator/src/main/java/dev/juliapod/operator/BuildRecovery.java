package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.build.BuildPods;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.SysimagePlan;
import dev.juliapod.registry.Lookup;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;

/**
 * What the sysimage reconciler does when its image or its build went missing through nobody's
 * error: a pushed image the registry no longer has, a build pod disrupted or gone.
 */
final class BuildRecovery {
  static final String IMAGE_GONE = "ImageGone";
  private final RegistryCheck registry;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration secretRecheck;

  BuildRecovery(RegistryCheck registry, EventRecorder events, Timings timings) {
    this.registry = registry;
    this.events = events;
    this.clock = timings.clock();
    this.secretRecheck = timings.secretRecheck();
  }

  /**
   * A build that ended without the operator seeing its result, through no fault of the project: the
   * registry says whether the push happened (PodGone); otherwise, and after a disruption, the Job
   * goes and the next pass builds again.
   */
  UpdateControl<JuliaSysimage> recover(
      Context<JuliaSysimage> context,
      JuliaSysimage sysimage,
      StatusUpdate<JuliaSysimage> update,
      Job job,
      SysimagePlan plan,
      BuildOutcome outcome) {
    JuliaSysimageStatus status = sysimage.getStatus();
    long generation = sysimage.getMetadata().getGeneration();
    String why =
        outcome instanceof BuildOutcome.PodGone gone
            ? gone.message()
            : ((BuildOutcome.Disrupted) outcome).message();
    if (outcome instanceof BuildOutcome.PodGone && podInServer(context, job)) {
      // Jobs and pods come through separate watches: the Job can say Complete before the
      // pod's creation reaches the cache. Its event brings the next reconcile; the timer is
      // for a pod the build-pod informer does not select.
      return UpdateControl.<JuliaSysimage>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
    }
    if (outcome instanceof BuildOutcome.PodGone) {
      PushSecret secret = pushSecret(context, sysimage, plan);
      Lookup pushed =
          secret.problem() != null
              ? new Lookup.Unknown(secret.problem())
              : registry.tag(plan, secret);
      if (pushed instanceof Lookup.Found found) {
        status.image = plan.repository() + "@" + found.digest();
        registry.checked(sysimage, clock.instant());
        InRegistry.pushed(status, generation, plan.imageTagRef(), found.digest(), clock.instant());
        StatusConditions.apply(
            status,
            generation,
            State.READY,
            Phase.READY,
            "Built",
            "image " + status.image + " (" + why + "; the registry has " + plan.imageTagRef() + ")",
            clock.instant());
        return update.write(context);
      }
      if (pushed instanceof Lookup.Unknown unknown) {
        StatusConditions.apply(
            status,
            generation,
            State.PROGRESSING,
            Phase.BUILDING,
            "Building",
            why + "; asking the registry for " + plan.imageTagRef() + " again: " + unknown.reason(),
            clock.instant());
        return update.write(context).rescheduleAfter(secretRecheck);
      }
    }
    Owners.deleteInBackground(context.getClient(), job);
    events.warning(sysimage, "BuildInterrupted", why + "; building again");
    StatusConditions.apply(
        status,
        generation,
        State.PROGRESSING,
        Phase.BUILDING,
        "BuildInterrupted",
        why + "; building again",
        clock.instant());
    return update.write(context).rescheduleAfter(Duration.ofSeconds(1));
  }

  /**
   * A built sysimage got a new owner: is its digest still in the registry? Gone (deleted or
   * garbage-collected) means build again; no answer means keep it and say so.
   */
  UpdateControl<JuliaSysimage> recheckImage(
      Context<JuliaSysimage> context, JuliaSysimage sysimage, StatusUpdate<JuliaSysimage> update) {
    JuliaSysimageStatus status = sysimage.getStatus();
    long generation = sysimage.getMetadata().getGeneration();
    SysimagePlan plan = SysimagePlans.of(sysimage);
    PushSecret secret = pushSecret(context, sysimage, plan);
    String digest = status.image.substring(status.image.indexOf('@') + 1);
    Lookup still =
        secret.problem() != null
            ? new Lookup.Unknown(secret.problem())
            : registry.digest(plan, digest, secret);
    registry.checked(sysimage, clock.instant());
    // Found again where it was found before: nothing worth a status write (each new user of a
    // built sysimage can bring a look).
    if (!(still instanceof Lookup.Found) || !InRegistry.known(status)) {
      InRegistry.set(status, generation, still, status.image, true, clock.instant());
    }
    if (still instanceof Lookup.Missing) {
      String gone = status.image;
      status.image = null;
      StatusConditions.apply(
          status,
          generation,
          State.PROGRESSING,
          Phase.BUILDING,
          IMAGE_GONE,
          "image "
              + gone
              + " is no longer in the registry (deleted or garbage-collected):"
              + " building it again",
          clock.instant());
      events.warning(
          sysimage,
          IMAGE_GONE,
          "image " + gone + " is no longer in the registry;" + " building it again");
      return update.write(context).rescheduleAfter(Duration.ofSeconds(1));
    }
    return update.write(context);
  }

  /** Whether the API server, not the cache, has a pod of the Job (by either label). */
  private static boolean podInServer(Context<JuliaSysimage> context, Job job) {
    return BuildPods.CONTROLLER_UID.stream()
        .anyMatch(
            label ->
                !context
                    .getClient()
                    .pods()
                    .inNamespace(job.getMetadata().getNamespace())
                    .withLabel(label, job.getMetadata().getUid())
                    .list()
                    .getItems()
                    .isEmpty());
  }

  private PushSecret pushSecret(
      Context<JuliaSysimage> context, JuliaSysimage sysimage, SysimagePlan plan) {
    return PushSecret.read(
        context.getClient(),
        sysimage.getMetadata().getNamespace(),
        plan.pushSecret(),
        secretRecheck);
  }
}
