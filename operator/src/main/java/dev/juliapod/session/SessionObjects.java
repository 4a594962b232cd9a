package dev.juliapod.session;

import dev.juliapod.build.BuildContext;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.ProjectFiles;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The session side of a plan: the workspace claim, the ConfigMap with the full (unstripped)
 * project and the prepare script, and the REPL pod on the built image.
 */
public final class SessionObjects {
  static final long USER = 1000;

  private SessionObjects() {}

  public static Map<String, String> labels(Plan plan) {
    return new TreeMap<>(Map.of("app.kubernetes.io/name", "juliapod",
        "app.kubernetes.io/component", "session", "juliapod.dev/juliapod", plan.name()));
  }

  public static String configMapName(Plan plan) {
    return plan.name() + "-session";
  }

  public static PersistentVolumeClaim workspace(Plan plan) {
    String storageClass = plan.session().workspace == null ? null
        : plan.session().workspace.storageClassName;
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(plan.workspaceClaim()).withNamespace(plan.namespace())
        .withLabels(labels(plan)).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
        .withNewResources().withRequests(Map.of("storage", new Quantity(plan.workspaceSize())))
        .endResources().endSpec()
        .build();
  }

  public static ConfigMap files(Plan plan, ProjectFiles project) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("Project.toml", project.projectToml());
    data.put("Manifest.toml", project.manifestToml());
    data.put("prepare.jl", SessionFiles.prepareScript());
    return new ConfigMapBuilder()
        .withNewMetadata().withName(configMapName(plan)).withNamespace(plan.namespace())
        .withLabels(labels(plan)).endMetadata()
        .withData(data)
        .build();
  }

  /** @param image the built image, by digest once the build has pushed it */
  public static Pod pod(Plan plan, String image) {
    List<EnvVar> env = new ArrayList<>(List.of(
        new EnvVar("JULIA_DEPOT_PATH", SessionFiles.DEPOT + ":" + BuildContext.DEPOT + ":", null),
        new EnvVar("JULIA_HISTORY", SessionFiles.HISTORY, null),
        new EnvVar("HOME", "/workspace", null)));
    if (plan.session().threads != null) {
      env.add(new EnvVar("JULIA_NUM_THREADS", plan.session().threads.toString(), null));
    }
    env.addAll(Objects.requireNonNullElse(plan.session().env, List.of()));
    List<String> repl = new ArrayList<>(List.of("julia"));
    if (plan.bakedSysimage()) {
      repl.add("--sysimage=" + BuildContext.SYSIMAGE);
    }
    repl.add("--project=" + SessionFiles.PROJECT);
    repl.addAll(Objects.requireNonNullElse(plan.session().juliaArgs, List.of()));

    Container prepare = container("prepare", image, env)
        .withCommand("julia", "--startup-file=no", SessionFiles.SOURCE + "/prepare.jl")
        .build();
    Container julia = container("julia", image, env)
        .withCommand(repl)
        .withStdin(true).withTty(true)
        .withWorkingDir(SessionFiles.PROJECT)
        .withResources(plan.session().resources)
        .build();
    String account = plan.session().serviceAccountName;
    return new PodBuilder()
        .withNewMetadata().withName(plan.podName()).withNamespace(plan.namespace())
        .withLabels(labels(plan)).endMetadata()
        .withNewSpec()
        .withRestartPolicy("Always")
        .withServiceAccountName(account)
        .withAutomountServiceAccountToken(account != null)
        .withEnableServiceLinks(false)
        .withSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true)
            .withRunAsUser(USER).withRunAsGroup(USER).withFsGroup(USER)
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build())
        .withNodeSelector(nodeSelector(plan))
        .withTolerations(plan.session().tolerations)
        .withInitContainers(prepare)
        .withContainers(julia)
        .addNewVolume().withName("workspace").withNewPersistentVolumeClaim()
        .withClaimName(plan.workspaceClaim()).endPersistentVolumeClaim().endVolume()
        .addNewVolume().withName("session").withNewConfigMap().withName(configMapName(plan))
        .endConfigMap().endVolume()
        .endSpec()
        .build();
  }

  /** The sysimage runs on the architecture it was compiled for, so the pod goes there. */
  private static Map<String, String> nodeSelector(Plan plan) {
    Map<String, String> selector = new TreeMap<>(Objects.requireNonNullElse(
        plan.session().nodeSelector, Map.of()));
    selector.put(OperatorDefaults.ARCH_LABEL, plan.arch());
    return selector;
  }

  private static ContainerBuilder container(String name, String image, List<EnvVar> env) {
    return new ContainerBuilder().withName(name).withImage(image).withEnv(env)
        .withSecurityContext(restricted())
        .withVolumeMounts(
            new VolumeMountBuilder().withName("workspace").withMountPath("/workspace").build(),
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
