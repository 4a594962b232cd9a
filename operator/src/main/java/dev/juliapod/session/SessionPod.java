package dev.juliapod.session;

import dev.juliapod.build.BuildContext;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The REPL pod (docs/design.md, "The session"): the init container `prepare` runs prepare.jl,
 * then `julia` runs the REPL under repl.sh. Both run Julia with the same sysimage, flags,
 * environment and resources, so what prepare compiles is what the REPL loads.
 */
public final class SessionPod {
  public static final String PREPARE = "prepare";
  public static final String REPL = "julia";
  static final long USER = 1000;
  /**
   * What a container that fails leaves in its status: its last words when it wrote none
   * itself (the kubelet's FallbackToLogsOnError: the log's last 80 lines, 2 KiB).
   */
  private static final String LOGS_ON_ERROR = "FallbackToLogsOnError";

  private SessionPod() {}

  /** @param image the built image, by digest once the build has pushed it */
  public static Pod of(Plan plan, String image) {
    List<EnvVar> env = env(plan);
    List<String> julia = new ArrayList<>(List.of("julia"));
    if (plan.bakedSysimage()) {
      julia.add("--sysimage=" + BuildContext.SYSIMAGE);
    }
    List<String> juliaArgs = Objects.requireNonNullElse(plan.session().juliaArgs, List.of());

    List<String> prepareCommand = new ArrayList<>(julia);
    prepareCommand.add("--startup-file=no");
    prepareCommand.addAll(juliaArgs);
    prepareCommand.add(SessionFiles.SOURCE + "/" + SessionFiles.PREPARE);
    List<String> replCommand = new ArrayList<>(List.of("sh",
        SessionFiles.SOURCE + "/" + SessionFiles.REPL));
    replCommand.addAll(julia);
    replCommand.add("--project=" + SessionFiles.PROJECT);
    replCommand.addAll(juliaArgs);

    Container prepare = container(PREPARE, image, env, plan)
        .withCommand(prepareCommand)
        .build();
    Container repl = container(REPL, image, env, plan)
        .withCommand(replCommand)
        .withStdin(true).withTty(true)
        .withWorkingDir(SessionFiles.PROJECT)
        .build();
    String account = plan.session().serviceAccountName;
    return new PodBuilder()
        .withNewMetadata().withName(plan.podName()).withNamespace(plan.namespace())
        .withLabels(SessionObjects.labels(plan)).endMetadata()
        .withNewSpec()
        .withRestartPolicy("Always")
        .withServiceAccountName(account)
        .withAutomountServiceAccountToken(account != null)
        .withEnableServiceLinks(false)
        .withImagePullSecrets(plan.session().imagePullSecrets)
        // OnRootMismatch: the kubelet would otherwise chown the whole workspace (its depot
        // holds tens of thousands of files) at every start (Kubernetes docs, "Configure
        // volume permission and ownership change policy for Pods").
        .withSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true)
            .withRunAsUser(USER).withRunAsGroup(USER).withFsGroup(USER)
            .withFsGroupChangePolicy("OnRootMismatch")
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build())
        .withNodeSelector(nodeSelector(plan))
        .withTolerations(plan.session().tolerations)
        .withInitContainers(prepare)
        .withContainers(repl)
        .addNewVolume().withName("workspace").withNewPersistentVolumeClaim()
        .withClaimName(plan.workspaceClaim()).endPersistentVolumeClaim().endVolume()
        .addNewVolume().withName("session").withNewConfigMap()
        .withName(SessionObjects.configMapName(plan)).endConfigMap().endVolume()
        .endSpec()
        .build();
  }

  /** The REPL's julia command line, without the repl.sh that keeps it running. */
  public static List<String> juliaCommand(Pod pod) {
    List<String> command = pod.getSpec().getContainers().stream()
        .filter(c -> REPL.equals(c.getName())).findFirst().orElseThrow().getCommand();
    return command.size() > 2 && "sh".equals(command.get(0))
        && command.get(1).endsWith("/" + SessionFiles.REPL)
        ? command.subList(2, command.size()) : command;
  }

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
    add(env, named, "JULIA_NUM_PRECOMPILE_TASKS",
        Integer.toString(SessionCpus.precompileTasks(plan.session().resources)));
    env.addAll(given);
    return env;
  }

  private static void add(List<EnvVar> env, Set<String> named, String name, String value) {
    if (!named.contains(name)) {
      env.add(new EnvVar(name, value, null));
    }
  }

  /** The sysimage runs on the architecture it was compiled for, so the pod goes there. */
  private static Map<String, String> nodeSelector(Plan plan) {
    Map<String, String> selector = new TreeMap<>(Objects.requireNonNullElse(
        plan.session().nodeSelector, Map.of()));
    selector.put(OperatorDefaults.ARCH_LABEL, plan.arch());
    return selector;
  }

  /**
   * The init container gets the REPL's resources: it compiles with the same memory, and a
   * pod's effective request is the larger of the two, so it costs the pod nothing.
   */
  private static ContainerBuilder container(String name, String image, List<EnvVar> env,
      Plan plan) {
    return new ContainerBuilder().withName(name).withImage(image).withEnv(env)
        .withResources(plan.session().resources)
        .withTerminationMessagePolicy(LOGS_ON_ERROR)
        .withSecurityContext(restricted())
        .withVolumeMounts(
            new VolumeMountBuilder().withName("workspace").withMountPath(SessionFiles.WORKSPACE).build(),
            new VolumeMountBuilder().withName("session").withMountPath(SessionFiles.SOURCE)
                .withReadOnly(true).build());
  }

  /** The Pod Security Standards' "restricted" profile for a container. */
  static SecurityContext restricted() {
    return new SecurityContextBuilder().withAllowPrivilegeEscalation(false)
        .withRunAsNonRoot(true).withCapabilities(new Capabilities(null, List.of("ALL")))
        .build();
  }
}
