package dev.juliapod.plan;

import dev.juliapod.api.BuildSpec;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodSpec;
import dev.juliapod.api.Policy;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.api.SysimageSpec;
import dev.juliapod.julia.DependencyCycles;
import dev.juliapod.julia.InvalidEnvironmentException;
import dev.juliapod.julia.JuliaEnvironment;
import dev.juliapod.julia.Sha256;
import dev.juliapod.julia.StripResult;
import dev.juliapod.julia.Stripper;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** JuliaPod + project files + operator defaults → {@link Plan}. Pure: no cluster, no I/O. */
public final class Planner {
  /** Bump when the Dockerfile or build script changes what an image holds. */
  public static final String RECIPE_VERSION = "juliapod-recipe-1";
  /** Kubernetes names of pods and claims must fit a DNS label. */
  private static final int MAX_NAME = 63 - "-workspace".length();
  /**
   * The session gets both files in a ConfigMap, and Kubernetes keeps a ConfigMap's data under
   * 1 MiB; some room is left for the script that goes with them.
   */
  static final int MAX_PROJECT_BYTES = 1_000_000;

  private Planner() {}

  public static Plan plan(JuliaPod pod, ProjectFiles files, OperatorDefaults defaults)
      throws PlanException {
    String name = pod.getMetadata().getName();
    if (name.length() > MAX_NAME) {
      throw new PlanException("metadata.name \"" + name + "\" is " + name.length()
          + " characters; JuliaPod names can have at most " + MAX_NAME + " so that"
          + " \"<name>-workspace\" is a valid Kubernetes name: choose a shorter name");
    }
    JuliaPodSpec spec = pod.getSpec();
    if (spec == null || spec.julia == null || spec.julia.version == null) {
      throw new PlanException("spec.julia.version is required, e.g. \"1.10.5\"");
    }
    SysimageSpec sysimage = Objects.requireNonNullElseGet(spec.sysimage, SysimageSpec::new);
    JuliaEnvironment environment = environment(files);
    SessionSpec session = Objects.requireNonNullElseGet(spec.session, SessionSpec::new);
    checkEnv(session);
    String account = session.serviceAccountName;
    if (account != null && !defaults.allowedServiceAccounts().contains(account)) {
      throw new PlanException("spec.session.serviceAccountName \"" + account + "\" is not one"
          + " the operator allows (" + (defaults.allowedServiceAccounts().isEmpty() ? "none"
          : String.join(", ", defaults.allowedServiceAccounts())) + "): a session would"
          + " hold that account's API token; remove the field, or ask the operator's admin"
          + " to allow it (--allowed-service-account, chart defaults.allowedServiceAccounts)");
    }
    String size = session.workspace != null && session.workspace.size != null
        ? session.workspace.size : defaults.workspaceSize();
    if (spec.image != null) {
      if (spec.image.isBlank() || spec.image.chars().anyMatch(Character::isWhitespace)) {
        throw new PlanException("spec.image \"" + spec.image + "\" is not an image reference:"
            + " write e.g. ghcr.io/team/julia-ml:1.10, or remove it to build one");
      }
      return new Plan(pod.getMetadata().getNamespace(), name, null, spec.image, name + "-repl",
          name + "-workspace", session, size);
    }
    BuildSpec build = Objects.requireNonNullElseGet(spec.build, BuildSpec::new);
    StripResult strip = strip(environment, sysimage);
    checkCycles(environment, strip, files);

    String baseImage = spec.julia.image != null ? spec.julia.image
        : defaults.baseImage().replace("{version}", spec.julia.version);
    String repository = build.repository != null ? build.repository : defaults.repository();
    if (repository == null || repository.isBlank()) {
      throw new PlanException("spec.build.repository is not set and the operator has no default"
          + " repository: name the image repository the sysimage is pushed to");
    }
    boolean bakes = sysimage.policy != Policy.None;
    String cpuTarget = sysimage.cpuTarget != null ? sysimage.cpuTarget
        : OperatorDefaults.DEFAULT_CPU_TARGET;
    String hash = Sha256.hex(String.join("\n", RECIPE_VERSION, "base " + baseImage,
        "repository " + repository, "environment " + strip.hash(), "sysimage " + bakes,
        "baked " + String.join(",", strip.baked().stream().map(b -> b.uuid()).toList()),
        "cpu " + (bakes ? cpuTarget : ""),
        "precompile " + Sha256.hex(Objects.requireNonNullElse(sysimage.precompileScript, ""))));

    SysimagePlan image = new SysimagePlan("jsi-" + hash.substring(0, 16), hash, baseImage,
        repository, bakes, strip, cpuTarget, sysimage.precompileScript,
        build.executorImage != null ? build.executorImage : defaults.executorImage(),
        build.pushSecret != null ? build.pushSecret : defaults.pushSecret(),
        build.resources != null ? build.resources : defaults.buildResources(),
        build.deadlineSeconds != null ? build.deadlineSeconds : defaults.buildDeadlineSeconds(),
        Objects.requireNonNullElse(build.nodeSelector, Map.of()),
        Objects.requireNonNullElse(build.tolerations, List.of()));
    return new Plan(pod.getMetadata().getNamespace(), name, image, null, name + "-repl",
        name + "-workspace", session, size);
  }

  /** The session instantiates the project, so it must parse even with a prebuilt image. */
  private static JuliaEnvironment environment(ProjectFiles files) throws PlanException {
    long project = utf8Length(files.projectToml());
    long manifest = utf8Length(files.manifestToml());
    if (project + manifest > MAX_PROJECT_BYTES) {
      throw new PlanException(String.format("%s is %,d bytes and %s %,d: together they may be"
          + " at most %,d, since the session receives them in a ConfigMap (Kubernetes keeps a"
          + " ConfigMap under 1 MiB): remove packages the project does not use, or split it",
          files.manifestLabel(), manifest, files.projectLabel(), project, MAX_PROJECT_BYTES));
    }
    try {
      return JuliaEnvironment.parse(files.projectToml(), files.projectLabel(),
          files.manifestToml(), files.manifestLabel());
    } catch (InvalidEnvironmentException e) {
      throw new PlanException(e.getMessage());
    }
  }

  /**
   * The kubelet resolves secretKeyRef for whoever created the pod, without asking whether they
   * may read the Secret: allowed here, anyone who may create a JuliaPod could read every Secret
   * of the namespace (the push Secret among them) through a session.
   */
  private static void checkEnv(SessionSpec session) throws PlanException {
    List<io.fabric8.kubernetes.api.model.EnvVar> env =
        Objects.requireNonNullElse(session.env, List.of());
    for (int i = 0; i < env.size(); i++) {
      var from = env.get(i).getValueFrom();
      if (from != null && from.getSecretKeyRef() != null) {
        throw new PlanException("spec.session.env[" + i + "] (" + env.get(i).getName()
            + ") reads Secret " + from.getSecretKeyRef().getName() + ": the operator does not"
            + " put Secrets into sessions; mount credentials your own way (e.g. a service"
            + " account the operator allows) or pass a value");
      }
    }
  }

  private static long utf8Length(String text) {
    return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static void checkCycles(JuliaEnvironment env, StripResult strip, ProjectFiles files)
      throws PlanException {
    var cycle = DependencyCycles.reachableFrom(env.manifest(),
        strip.baked().stream().map(b -> b.uuid()).toList());
    if (cycle.isPresent()) {
      throw new PlanException(files.manifestLabel() + ": the baked packages need a dependency"
          + " cycle, " + DependencyCycles.describe(cycle.get()) + "; Julia cannot precompile"
          + " packages that depend on each other, so they cannot go into a sysimage: unpin"
          + " the packages that need them (spec.sysimage) or fix the cycle in the packages");
    }
  }

  private static StripResult strip(JuliaEnvironment env, SysimageSpec sysimage)
      throws PlanException {
    try {
      return Stripper.strip(env, sysimage.policy.toEngine(),
          Objects.requireNonNullElse(sysimage.packages, List.of()));
    } catch (InvalidEnvironmentException e) {
      throw new PlanException(e.getMessage());
    }
  }

}
