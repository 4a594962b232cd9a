package dev.juliapod.plan;

import dev.juliapod.api.BuildSpec;
import dev.juliapod.api.JuliaPodSpec;
import dev.juliapod.api.Policy;
import dev.juliapod.api.SysimageSpec;
import dev.juliapod.julia.BakedPackage;
import dev.juliapod.julia.JuliaReleases;
import dev.juliapod.julia.JuliaVersion;
import dev.juliapod.julia.Sha256;
import dev.juliapod.julia.StripResult;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The image build of a plan and its content hash. Everything that changes what the image holds is
 * in the hash, and so in the JuliaSysimage's name and the image tag: the recipe, the base image by
 * digest, the architecture, the stripped environment, what is baked, the CPU target, the
 * PackageCompiler release and the precompile script. How the Job runs is not.
 */
final class BuildPlanner {
  private BuildPlanner() {}

  static SysimagePlan plan(
      JuliaPodSpec spec,
      SysimageSpec sysimage,
      StripResult strip,
      JuliaVersion version,
      String arch,
      BaseImage base,
      OperatorDefaults defaults,
      PackageSources sources)
      throws PlanException {
    BuildSpec build = Objects.requireNonNullElseGet(spec.build, BuildSpec::new);
    String repository = build.repository != null ? build.repository : defaults.repository();
    if (repository == null || repository.isBlank()) {
      throw new PlanException(
          "spec.build.repository is not set and the operator has no default"
              + " repository: name the image repository the sysimage is pushed to");
    }
    BuildRules rules = defaults.builds();
    boolean ownNodes = build.nodeSelector != null && !build.nodeSelector.isEmpty();
    Map<String, String> nodeSelector = ownNodes ? build.nodeSelector : rules.nodeSelector();
    SessionChecks.checkArch(
        nodeSelector, ownNodes ? "spec.build.nodeSelector" : "--build-node-selector", arch);
    List<Toleration> tolerations =
        build.tolerations != null && !build.tolerations.isEmpty()
            ? build.tolerations
            : rules.tolerations();
    if (rules.central()) {
      CentralChecks.check(build, rules.namespace());
    }
    String executor = build.executorImage != null ? build.executorImage : defaults.executorImage();
    rules.checkExecutor(executor, "spec.build.executorImage", defaults.executorImage());
    // Central builds cannot read Secrets in the JuliaPod's namespace: they fetch with the
    // operator's credentials Secret in the build namespace, and the JuliaPod's own reaches only its
    // session. The image's hash follows what the build gets.
    PackageSources built =
        rules.central() ? sources.withCredentialsSecret(defaults.credentialsSecret()) : sources;
    boolean bakes = sysimage.policy != Policy.None;
    String packageCompiler = bakes ? JuliaReleases.packageCompiler(version) : null;
    if (bakes && packageCompiler == null) {
      throw new PlanException(
          "spec.julia.version "
              + spec.julia.version
              + ": sysimages are"
              + " built with PackageCompiler, which needs Julia 1.6 or later; use a newer Julia,"
              + " policy None, or spec.image");
    }
    // Also without a sysimage: package images compiled in the build run on these CPUs.
    String cpuTarget =
        sysimage.cpuTarget != null ? sysimage.cpuTarget : JuliaReleases.cpuTarget(arch, version);
    String hash =
        Sha256.hex(
            String.join(
                    "\n",
                    Planner.RECIPE_VERSION,
                    "base " + base.ref(),
                    "arch " + arch,
                    "repository " + repository,
                    "environment " + strip.hash(),
                    "sysimage " + bakes,
                    "baked "
                        + String.join(",", strip.baked().stream().map(BakedPackage::uuid).toList()),
                    "cpu " + cpuTarget,
                    "packagecompiler " + Objects.requireNonNullElse(packageCompiler, ""),
                    "precompile "
                        + Sha256.hex(Objects.requireNonNullElse(sysimage.precompileScript, "")))
                + (built.hashText().isEmpty() ? "" : "\n" + built.hashText()));
    return new SysimagePlan(
        "jsi-" + hash.substring(0, 16),
        hash,
        base.ref(),
        repository,
        bakes,
        strip,
        cpuTarget,
        sysimage.precompileScript,
        packageCompiler,
        arch,
        executor,
        build.pushSecret != null ? build.pushSecret : defaults.pushSecret(),
        build.cacheRepository != null ? build.cacheRepository : defaults.cacheRepository(),
        build.resources != null ? build.resources : defaults.buildResources(),
        build.deadlineSeconds != null ? build.deadlineSeconds : defaults.buildDeadlineSeconds(),
        nodeSelector,
        tolerations,
        built,
        version);
  }
}
