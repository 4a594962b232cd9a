package dev.juliapod.build;

import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build-context ConfigMap and the Kaniko Job of one JuliaSysimage. The Job is named after
 * the sysimage, so a second JuliaPod with the same plan finds the running build instead of
 * starting another. Kaniko writes the pushed digest to the termination log, where the operator
 * reads it back from the container's terminated state.
 */
public final class KanikoJob {
  /** One try: a sysimage build that failed fails again the same way; a spec change retries. */
  static final int BACKOFF_LIMIT = 0;
  /** Long enough to read the logs of a failed build, short enough not to pile up. */
  static final int TTL_SECONDS = 24 * 3600;

  private KanikoJob() {}

  public static String jobName(SysimagePlan plan) {
    return plan.name() + "-build";
  }

  public static String contextName(SysimagePlan plan) {
    return plan.name() + "-context";
  }

  public static Map<String, String> labels(SysimagePlan plan) {
    return new TreeMap<>(Map.of("app.kubernetes.io/name", "juliapod",
        "app.kubernetes.io/component", "build", "juliapod.dev/sysimage", plan.name()));
  }

  public static ConfigMap context(SysimagePlan plan, String namespace) {
    return new ConfigMapBuilder()
        .withNewMetadata().withName(contextName(plan)).withNamespace(namespace)
        .withLabels(labels(plan)).endMetadata()
        .withData(BuildContext.files(plan))
        .build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build();
  }

  /**
   * @param insecureRegistries registries to reach over plain HTTP, such as a kind cluster's
   *     local registry; empty everywhere else
   */
  public static Job job(SysimagePlan plan, String namespace, List<String> insecureRegistries) {
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName("context").withNewConfigMap()
        .withName(contextName(plan)).endConfigMap().build());
    mounts.add(mount("context", "/workspace"));
    if (plan.pushSecret() != null) {
      // The only place push credentials are mounted: the build pod.
      volumes.add(new VolumeBuilder().withName("push-credentials").withNewSecret()
          .withSecretName(plan.pushSecret())
          .withItems(new KeyToPath(".dockerconfigjson", null, "config.json")).endSecret()
          .build());
      mounts.add(mount("push-credentials", "/kaniko/.docker"));
    }
    List<String> args = new ArrayList<>(List.of(
        "--context=dir:///workspace",
        "--dockerfile=/workspace/Dockerfile",
        "--destination=" + plan.imageTagRef(),
        "--digest-file=/dev/termination-log",
        "--cache=true",
        "--snapshot-mode=redo",
        "--verbosity=info"));
    insecureRegistries.forEach(r -> args.add("--insecure-registry=" + r));
    return new JobBuilder()
        .withNewMetadata().withName(jobName(plan)).withNamespace(namespace)
        .withLabels(labels(plan)).endMetadata()
        .withNewSpec()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withActiveDeadlineSeconds(plan.deadlineSeconds())
        .withTtlSecondsAfterFinished(TTL_SECONDS)
        .withNewTemplate()
        .withNewMetadata().withLabels(labels(plan)).endMetadata()
        .withSpec(new PodSpecBuilder()
            .withRestartPolicy("Never")
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withNodeSelector(plan.nodeSelector().isEmpty() ? null : plan.nodeSelector())
            .withTolerations(plan.tolerations())
            .addNewContainer()
            .withName("kaniko")
            .withImage(plan.executorImage())
            .withArgs(args)
            .withResources(plan.resources())
            .withTerminationMessagePolicy("File")
            .withVolumeMounts(mounts)
            .endContainer()
            .withVolumes(volumes)
            .build())
        .endTemplate()
        .endSpec()
        .build();
  }
}
