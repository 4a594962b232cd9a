package dev.juliapod.session;

import dev.juliapod.build.BuildContext;
import dev.juliapod.build.GitAccess;
import dev.juliapod.plan.IdleTimeout;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The REPL pod (docs/design.md, "The session"): the init container `prepare` runs prepare.jl, then
 * `julia` runs the REPL under repl.sh. Both run Julia with the same sysimage, flags, environment
 * and resources, so what prepare compiles is what the REPL loads.
 */
public final class SessionPod {
  public static final String PREPARE = "prepare";
  public static final String REPL = "julia";
  static final long USER = 1000;

  /** kubectl's annotation naming the container it uses when none is given. */
  static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

  private SessionPod() {}

  /**
   * @param image the built image, by digest once the build has pushed it
   */
  public static Pod of(Plan plan, String image) {
    return of(plan, image, IdleTimeout.on(plan.session()), true);
  }

  /**
   * @param activity whether the REPL records its activity for idle culling ({@link
   *     SessionActivity}); a pod made without it is still the plan's pod (SessionTemplate)
   * @param workers whether the REPL has what Distributed.jl workers need ({@link SessionWorkers});
   *     a pod made before workers existed is the plan's pod while none are asked for
   */
  public static Pod of(Plan plan, String image, boolean activity, boolean workers) {
    List<EnvVar> env = SessionContainers.env(plan);
    List<String> julia = new ArrayList<>(List.of("julia"));
    if (plan.bakedSysimage()) {
      julia.add("--sysimage=" + BuildContext.SYSIMAGE);
    }
    List<String> juliaArgs = Objects.requireNonNullElse(plan.session().juliaArgs, List.of());

    List<String> prepareCommand = new ArrayList<>(julia);
    prepareCommand.add("--startup-file=no");
    prepareCommand.addAll(juliaArgs);
    prepareCommand.add(SessionFiles.SOURCE + "/" + SessionFiles.PREPARE);
    List<String> replCommand =
        new ArrayList<>(List.of("sh", SessionFiles.SOURCE + "/" + SessionFiles.REPL));
    replCommand.addAll(julia);
    replCommand.add("--project=" + SessionFiles.PROJECT);
    if (activity) { // before the user's arguments: a program there makes the rest its ARGS
      replCommand.addAll(SessionActivity.replArgs());
    }
    replCommand.addAll(juliaArgs);

    Container prepare = SessionContainers.container(PREPARE, image, env, plan);
    prepare.setCommand(prepareCommand);
    Container repl = SessionContainers.container(REPL, image, env, plan);
    repl.setCommand(replCommand);
    repl.setStdin(true);
    repl.setTty(true);
    repl.setWorkingDir(SessionFiles.PROJECT);
    if (activity) {
      repl.getEnv().add(SessionActivity.dirEnv());
      repl.getVolumeMounts().add(SessionActivity.mount());
    }
    if (workers) { // the REPL only: not prepare, not the activity listener
      addUnset(repl.getEnv(), SessionWorkers.replEnv(plan));
      repl.getVolumeMounts().add(SessionWorkers.cookieMount());
      repl.getVolumeMounts().add(SessionWorkers.libMount());
    }

    // Made with constructors and setters, not fabric8's builders: a builder copies every object
    // given to it, field by field, and building this pod that way was most of the cost of a
    // JuliaPod's session template in a profile of the operator (BENCHMARKS.md, ninth round). The
    // JSON is the same (PlanGoldenTest); the lists are the pod's own.
    ObjectMeta metadata = new ObjectMeta();
    metadata.setName(plan.podName());
    metadata.setNamespace(plan.namespace());
    metadata.setLabels(SessionObjects.labels(plan));
    // `kubectl attach` and `logs` without -c pick this container, not the activity sidecar.
    metadata.setAnnotations(new TreeMap<>(Map.of(DEFAULT_CONTAINER, REPL)));
    PodSpec spec = new PodSpec();
    spec.setRestartPolicy("Always");
    String account = plan.session().serviceAccountName;
    spec.setServiceAccountName(account);
    spec.setAutomountServiceAccountToken(account != null);
    spec.setEnableServiceLinks(false);
    spec.setImagePullSecrets(copy(plan.session().imagePullSecrets));
    spec.setSecurityContext(podSecurity());
    spec.setNodeSelector(nodeSelector(plan));
    spec.setTolerations(copy(plan.session().tolerations));
    spec.setInitContainers(new ArrayList<>(List.of(prepare)));
    spec.setContainers(new ArrayList<>(List.of(repl)));
    if (activity) {
      spec.getContainers().add(SessionActivity.sidecar(plan, image));
    }
    Volume workspace = new Volume();
    workspace.setName(SessionContainers.WORKSPACE_VOLUME);
    workspace.setPersistentVolumeClaim(
        new PersistentVolumeClaimVolumeSource(plan.workspaceClaim(), null));
    Volume session = new Volume();
    session.setName(SessionContainers.SESSION_VOLUME);
    ConfigMapVolumeSource files = new ConfigMapVolumeSource();
    files.setName(SessionObjects.configMapName(plan));
    session.setConfigMap(files);
    List<Volume> volumes = new ArrayList<>(List.of(workspace, session));
    // Readable by the session's group (fsGroup), not by others; ssh checks the mode only of a
    // key the user owns (openssh-portable authfile.c, sshkey_perm_ok), and these files belong to
    // root.
    volumes.addAll(GitAccess.volumes(plan.sources(), 0440));
    if (activity) {
      volumes.addAll(SessionActivity.volumes(plan));
    }
    if (workers) {
      volumes.add(SessionWorkers.cookieVolume(plan));
      volumes.add(SessionWorkers.libVolume(plan));
    }
    spec.setVolumes(volumes);
    Pod pod = new Pod();
    pod.setMetadata(metadata);
    pod.setSpec(spec);
    return pod;
  }

  /**
   * OnRootMismatch: the kubelet would otherwise chown the whole workspace (its depot holds tens of
   * thousands of files) at every start (Kubernetes docs, "Configure volume permission and ownership
   * change policy for Pods").
   */
  private static PodSecurityContext podSecurity() {
    PodSecurityContext security = new PodSecurityContext();
    security.setRunAsNonRoot(true);
    security.setRunAsUser(USER);
    security.setRunAsGroup(USER);
    security.setFsGroup(USER);
    security.setFsGroupChangePolicy("OnRootMismatch");
    SeccompProfile seccomp = new SeccompProfile();
    seccomp.setType("RuntimeDefault");
    security.setSeccompProfile(seccomp);
    return security;
  }

  /** The JuliaPod's spec.session.env wins, as for every variable of ours. */
  private static void addUnset(List<EnvVar> env, List<EnvVar> ours) {
    for (EnvVar var : ours) {
      if (env.stream().noneMatch(e -> e.getName().equals(var.getName()))) {
        env.add(var);
      }
    }
  }

  static <T> List<T> copy(List<T> list) {
    return list == null ? null : new ArrayList<>(list);
  }

  /** The REPL's julia command line, without the repl.sh that keeps it running. */
  public static List<String> juliaCommand(Pod pod) {
    List<String> command =
        pod.getSpec().getContainers().stream()
            .filter(c -> REPL.equals(c.getName()))
            .findFirst()
            .orElseThrow()
            .getCommand();
    return command.size() > 2
            && "sh".equals(command.get(0))
            && command.get(1).endsWith("/" + SessionFiles.REPL)
        ? command.subList(2, command.size())
        : command;
  }

  /** The sysimage runs on the architecture it was compiled for, so the pod goes there. */
  private static Map<String, String> nodeSelector(Plan plan) {
    Map<String, String> selector =
        new TreeMap<>(Objects.requireNonNullElse(plan.session().nodeSelector, Map.of()));
    selector.put(OperatorDefaults.ARCH_LABEL, plan.arch());
    return selector;
  }
}
