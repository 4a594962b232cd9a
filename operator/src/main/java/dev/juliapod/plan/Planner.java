package dev.juliapod.plan;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodSpec;
import dev.juliapod.api.Policy;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.api.SysimageSpec;
import dev.juliapod.julia.DependencyCycles;
import dev.juliapod.julia.InvalidEnvironmentException;
import dev.juliapod.julia.JuliaEnvironment;
import dev.juliapod.julia.JuliaVersion;
import dev.juliapod.julia.StripResult;
import dev.juliapod.julia.Stripper;
import java.util.List;
import java.util.Objects;

/** JuliaPod + project files + operator defaults → {@link Plan}. Pure: no cluster, no I/O. */
public final class Planner {
  /**
   * Bump when the Dockerfile or build script changes what an image holds. The depot cache's steps
   * did not (they change how fast a build is; docs/design.md, "Depot cache"), so images made before
   * them keep their names and upgrading the operator rebuilds nothing.
   */
  public static final String RECIPE_VERSION = "juliapod-recipe-3";

  /** What `juliapod plan` says of a base image it does not look up. */
  public static final String OFFLINE =
      "not looked up: planned offline, so by tag; the"
          + " operator resolves the tag to a digest and builds from that, so its sysimage name"
          + " and tag differ from these";

  private Planner() {}

  /** A plan with the base image by tag, as `juliapod plan` makes it without a registry. */
  public static Plan plan(JuliaPod pod, ProjectFiles files, OperatorDefaults defaults)
      throws PlanException {
    return plan(pod, files, defaults, null);
  }

  /**
   * The base image a JuliaPod builds from, as configured (spec.julia.image, or the operator's
   * pattern for spec.julia.version); null when it names spec.image or no version.
   */
  public static String baseImage(JuliaPod pod, OperatorDefaults defaults) {
    JuliaPodSpec spec = pod.getSpec();
    if (spec == null || spec.image != null || spec.julia == null || spec.julia.version == null) {
      return null;
    }
    return spec.julia.image != null
        ? spec.julia.image
        : defaults.baseImage().replace("{version}", spec.julia.version);
  }

  /**
   * {@link #baseImage}, refused when the operator's allow-list does not name it (checked before the
   * registry is asked for its digest).
   */
  public static String allowedBaseImage(JuliaPod pod, OperatorDefaults defaults)
      throws PlanException {
    String reference = baseImage(pod, defaults);
    if (reference != null) {
      defaults
          .builds()
          .checkBase(
              reference,
              pod.getSpec().julia.image != null
                  ? "spec.julia.image"
                  : "the base image for spec.julia.version " + pod.getSpec().julia.version);
    }
    return reference;
  }

  /**
   * @param base the base image as resolved; null: by tag, as configured
   */
  public static Plan plan(
      JuliaPod pod, ProjectFiles files, OperatorDefaults defaults, BaseImage base)
      throws PlanException {
    String name = pod.getMetadata().getName();
    JuliaPodChecks.checkName(name);
    JuliaPodSpec spec = pod.getSpec();
    JuliaVersion version = JuliaPodChecks.version(spec);
    String arch = JuliaPodChecks.arch(spec, defaults);
    SysimageSpec sysimage = Objects.requireNonNullElseGet(spec.sysimage, SysimageSpec::new);
    JuliaEnvironment environment = ProjectParse.of(files);
    SessionSpec session = SessionDefaults.fill(spec.session, defaults);
    SessionChecks.check(session, defaults);
    SessionChecks.checkArch(session.nodeSelector, "spec.session.nodeSelector", arch);
    String size =
        session.workspace != null && session.workspace.size != null
            ? session.workspace.size
            : defaults.workspaceSize();
    String ns = pod.getMetadata().getNamespace();
    String buildNs = defaults.builds().namespaceFor(ns);
    PackageSources sources = PackageSources.of(spec.julia, spec.build, defaults);
    if (spec.image != null) {
      JuliaPodChecks.checkImage(spec.image);
      return new Plan(
          ns,
          buildNs,
          name,
          null,
          spec.image,
          name + "-repl",
          name + "-workspace",
          session,
          size,
          arch,
          null,
          null,
          null,
          sources);
    }
    StripResult strip = strip(environment, sysimage);
    checkCycles(environment, strip, files);
    String reference = allowedBaseImage(pod, defaults);
    BaseImage from = base != null ? base : BaseImage.of(reference, OFFLINE);
    String none =
        NothingToBake.reason(sysimage.policy, strip, environment.manifest(), version, from.ref());
    if (none != null && sources.needsImage()) {
      // Debian packages, or git for private registries and packages, need an image even with
      // nothing to bake: one that only installs them and precompiles, as policy None builds.
      SysimageSpec precompileOnly = new SysimageSpec();
      precompileOnly.policy = Policy.None;
      precompileOnly.precompileScript = sysimage.precompileScript;
      precompileOnly.cpuTarget = sysimage.cpuTarget;
      sysimage = precompileOnly;
      none = null;
    }
    if (none != null) {
      return new Plan(
          ns,
          buildNs,
          name,
          null,
          from.ref(),
          name + "-repl",
          name + "-workspace",
          session,
          size,
          arch,
          from,
          strip,
          none,
          sources);
    }
    SysimagePlan image =
        BuildPlanner.plan(spec, sysimage, strip, version, arch, from, defaults, sources);
    return new Plan(
        ns,
        buildNs,
        name,
        image,
        null,
        name + "-repl",
        name + "-workspace",
        session,
        size,
        arch,
        from,
        strip,
        null,
        sources);
  }

  private static void checkCycles(JuliaEnvironment env, StripResult strip, ProjectFiles files)
      throws PlanException {
    var cycle =
        DependencyCycles.reachableFrom(
            env.manifest(), strip.baked().stream().map(b -> b.uuid()).toList());
    if (cycle.isPresent()) {
      throw new PlanException(
          files.manifestLabel()
              + ": the baked packages need a dependency"
              + " cycle, "
              + DependencyCycles.describe(cycle.get())
              + "; Julia cannot precompile"
              + " packages that depend on each other, so they cannot go into a sysimage: unpin"
              + " the packages that need them (spec.sysimage) or fix the cycle in the packages");
    }
  }

  private static StripResult strip(JuliaEnvironment env, SysimageSpec sysimage)
      throws PlanException {
    try {
      return Stripper.strip(
          env,
          sysimage.policy.toEngine(),
          Objects.requireNonNullElse(sysimage.packages, List.of()));
    } catch (InvalidEnvironmentException e) {
      throw new PlanException(e.getMessage());
    }
  }
}
