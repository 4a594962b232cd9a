package dev.juliapod.operator;

import static dev.juliapod.operator.JuliaPodSources.PROJECT_CONFIGMAPS;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.BaseImage;
import dev.juliapod.plan.BuildRules;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.PlanException;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectFiles;
import dev.juliapod.registry.Credentials;
import dev.juliapod.registry.DockerConfig;
import dev.juliapod.registry.ImageName;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;

/**
 * The first step of a JuliaPod's reconcile: its project files, its base image by digest, and its
 * plan. The plan itself is pure ({@link Planner}); what needs the cluster or a registry is read
 * here.
 */
final class JuliaPodPlanning {
  record Planned(Plan plan, ProjectFiles files, SessionTemplate template) {}

  private final OperatorDefaults defaults;
  private final PlanCache plans;
  private final BaseImages bases;
  private final Duration secretRecheck;

  JuliaPodPlanning(
      OperatorDefaults defaults, PlanCache plans, BaseImages bases, Duration secretRecheck) {
    this.defaults = defaults;
    this.plans = plans;
    this.bases = bases;
    this.secretRecheck = secretRecheck;
  }

  Planned plan(JuliaPod pod, Context<JuliaPod> context) throws PlanException {
    ProjectFiles files =
        ProjectLoader.load(
            pod,
            Cached.of(context, ConfigMap.class, PROJECT_CONFIGMAPS),
            name ->
                context
                    .getClient()
                    .configMaps()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(name)
                    .get());
    String reference = Planner.allowedBaseImage(pod, defaults);
    BaseImage base = null;
    if (reference != null) {
      String recorded = pod.getStatus() == null ? null : pod.getStatus().baseImage;
      base = bases.resolve(reference, recorded, () -> credentials(pod, context, reference));
    }
    Plan plan = plans.plan(pod, files, base);
    return new Planned(plan, files, plans.template(pod, plan));
  }

  /** Drops what was kept for a JuliaPod that is gone. */
  void forget(JuliaPod pod) {
    plans.forget(pod);
  }

  /** What is wrong with the credentials Secret the plan mounts, or null. */
  String credentialsProblem(Plan plan, Context<JuliaPod> context) {
    String name = plan.sources().credentialsSecret();
    return name == null
        ? null
        : CredentialsSecret.problem(context.getClient(), plan.namespace(), name);
  }

  /**
   * Kaniko pulls the base image with the push Secret's credentials too (it is its only docker
   * config), so a private base image is looked up with them: the Secret the build will mount, in
   * the namespace the build runs in (with central builds, the operator's in the build namespace).
   */
  private Credentials credentials(JuliaPod pod, Context<JuliaPod> context, String reference) {
    BuildRules builds = defaults.builds();
    String name =
        !builds.central() && pod.getSpec().build != null && pod.getSpec().build.pushSecret != null
            ? pod.getSpec().build.pushSecret
            : defaults.pushSecret();
    if (name == null) {
      return null;
    }
    try {
      PushSecret secret =
          PushSecret.read(
              context.getClient(),
              builds.namespaceFor(pod.getMetadata().getNamespace()),
              name,
              secretRecheck);
      return secret.dockerConfig() == null
          ? null
          : DockerConfig.forHost(
                  secret.dockerConfig(),
                  ImageName.parse(BaseImage.of(reference, null).repository()).host())
              .orElse(null);
    } catch (RuntimeException e) {
      return null; // the lookup goes on without; the build reports a Secret it cannot use
    }
  }
}
