package dev.juliapod.session;

import dev.juliapod.build.BuildContext;
import dev.juliapod.build.GitAccess;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
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

  private SessionPod() {}

  /**
   * @param image the built image, by digest once the build has pushed it
   */
  public static Pod of(Plan plan, String image) {
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
    replCommand.addAll(juliaArgs);

    Container prepare =
        SessionContainers.container(PREPARE, image, env, plan).withCommand(prepareCommand).build();
    Container repl =
        SessionContainers.container(REPL, image, env, plan)
            .withCommand(replCommand)
            .withStdin(true)
            .withTty(true)
            .withWorkingDir(SessionFiles.PROJECT)
            .build();
    String account = plan.session().serviceAccountName;
    return new PodBuilder()
        .withNewMetadata()
        .withName(plan.podName())
        .withNamespace(plan.namespace())
        .withLabels(SessionObjects.labels(plan))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Always")
        .withServiceAccountName(account)
        .withAutomountServiceAccountToken(account != null)
        .withEnableServiceLinks(false)
        .withImagePullSecrets(plan.session().imagePullSecrets)
        // OnRootMismatch: the kubelet would otherwise chown the whole workspace (its depot
        // holds tens of thousands of files) at every start (Kubernetes docs, "Configure
        // volume permission and ownership change policy for Pods").
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(USER)
                .withRunAsGroup(USER)
                .withFsGroup(USER)
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withNodeSelector(nodeSelector(plan))
        .withTolerations(plan.session().tolerations)
        .withInitContainers(prepare)
        .withContainers(repl)
        .addNewVolume()
        .withName(SessionContainers.WORKSPACE_VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(plan.workspaceClaim())
        .endPersistentVolumeClaim()
        .endVolume()
        .addNewVolume()
        .withName(SessionContainers.SESSION_VOLUME)
        .withNewConfigMap()
        .withName(SessionObjects.configMapName(plan))
        .endConfigMap()
        .endVolume()
        // Readable by the session's group (fsGroup), not by others; ssh checks the mode only
        // of a key the user owns (openssh-portable authfile.c, sshkey_perm_ok), and these
        // files belong to root.
        .addAllToVolumes(GitAccess.volumes(plan.sources(), 0440))
        .endSpec()
        .build();
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
