package dev.juliapod.session;

import dev.juliapod.build.BuildContext;
import dev.juliapod.build.GitAccess;
import dev.juliapod.plan.PackageSources;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What both containers of the session pod share, so that what prepare compiles is what the REPL
 * loads: the environment, the resources, the mounts of the pod's volumes and a restricted security
 * context.
 */
final class SessionContainers {
  /** The pod's volume of the workspace's PersistentVolumeClaim. */
  static final String WORKSPACE_VOLUME = "workspace";

  /** The pod's volume of the session's ConfigMap. */
  static final String SESSION_VOLUME = "session";

  /**
   * What a container that fails leaves in its status: its last words when it wrote none itself (the
   * kubelet's FallbackToLogsOnError: the log's last 80 lines, 2 KiB).
   */
  private static final String LOGS_ON_ERROR = "FallbackToLogsOnError";

  /** The registry URLs prepare.jl adds besides General, separated by spaces. */
  static final String REGISTRIES = "JULIAPOD_REGISTRIES";

  /** Where the credentials Secret is mounted, when there is one. */
  static final String CREDENTIALS = "JULIAPOD_CREDENTIALS";

  private SessionContainers() {}

  /** The variables both containers get; the JuliaPod's spec.session.env wins over ours. */
  static List<EnvVar> env(Plan plan) {
    List<EnvVar> given = Objects.requireNonNullElse(plan.session().env, List.of());
    Set<String> named = given.stream().map(EnvVar::getName).collect(Collectors.toSet());
    List<EnvVar> env = new ArrayList<>();
    add(env, named, "JULIA_DEPOT_PATH", SessionFiles.DEPOT + ":" + BuildContext.DEPOT + ":");
    add(env, named, "JULIA_HISTORY", SessionFiles.HISTORY);
    add(env, named, "HOME", SessionFiles.WORKSPACE);
    Integer threads = SessionCpus.threads(plan.session());
    if (threads != null) {
      add(env, named, "JULIA_NUM_THREADS", threads.toString());
    }
    add(
        env,
        named,
        "JULIA_NUM_PRECOMPILE_TASKS",
        Integer.toString(SessionCpus.precompileTasks(plan.session().resources)));
    PackageSources sources = plan.sources();
    if (sources.pkgServer() != null) {
      add(env, named, "JULIA_PKG_SERVER", sources.pkgServer());
    }
    if (!sources.registries().isEmpty()) {
      // prepare.jl adds them to the session's depot (docs/design.md, "Private packages").
      add(
          env,
          named,
          REGISTRIES,
          String.join(" ", sources.registries().stream().map(r -> r.url).toList()));
    }
    if (sources.needsGit() && !plan.userImage()) {
      // Images juliapod builds have git when this asks for it; a user's own image may not,
      // and Pkg with JULIA_PKG_USE_CLI_GIT and no git fails where LibGit2 would have tried.
      GitAccess.env().forEach((k, v) -> add(env, named, k, v));
    }
    if (sources.credentialsSecret() != null) {
      add(env, named, CREDENTIALS, GitAccess.CREDENTIALS); // prepare.jl links auth.toml
    }
    env.addAll(given);
    return env;
  }

  private static void add(List<EnvVar> env, Set<String> named, String name, String value) {
    if (!named.contains(name)) {
      env.add(new EnvVar(name, value, null));
    }
  }

  /**
   * The init container gets the REPL's resources: it compiles with the same memory, and a pod's
   * effective request is the larger of the two, so it costs the pod nothing.
   */
  static Container container(String name, String image, List<EnvVar> env, Plan plan) {
    Container container = new Container();
    container.setName(name);
    container.setImage(image);
    container.setEnv(new ArrayList<>(env));
    container.setResources(plan.session().resources);
    container.setTerminationMessagePolicy(LOGS_ON_ERROR);
    container.setSecurityContext(restricted());
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(WORKSPACE_VOLUME, SessionFiles.WORKSPACE, null));
    mounts.add(mount(SESSION_VOLUME, SessionFiles.SOURCE, true));
    // The credentials where Pkg looks for them, read-only; auth.toml in the session's depot.
    mounts.addAll(GitAccess.mounts(plan.sources()));
    container.setVolumeMounts(mounts);
    return container;
  }

  static VolumeMount mount(String volume, String path, Boolean readOnly) {
    VolumeMount mount = new VolumeMount();
    mount.setName(volume);
    mount.setMountPath(path);
    mount.setReadOnly(readOnly);
    return mount;
  }

  /** The Pod Security Standards' "restricted" profile for a container. */
  static SecurityContext restricted() {
    SecurityContext security = new SecurityContext();
    security.setAllowPrivilegeEscalation(false);
    security.setRunAsNonRoot(true);
    security.setCapabilities(new Capabilities(null, new ArrayList<>(List.of("ALL"))));
    return security;
  }
}
