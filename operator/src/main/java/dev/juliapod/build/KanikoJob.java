package dev.juliapod.build;

import dev.juliapod.api.Labels;
import dev.juliapod.plan.OperatorDefaults;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build-context ConfigMap and the Kaniko Job of one JuliaSysimage. The Job is named after the
 * sysimage, so a second JuliaPod with the same plan finds the running build instead of starting
 * another. Kaniko writes the pushed digest to the termination log, where the operator reads it back
 * from the container's terminated state.
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
    return Labels.build(plan.name());
  }

  /**
   * The build context as one gzip tar in binaryData: the kubelet mounts each ConfigMap key as a
   * symlink into `..data` (kubernetes pkg/volume/util/atomic_writer.go), and Kaniko's COPY from a
   * directory context copies symlinks as symlinks (GoogleContainerTools/kaniko#1382), which dangle
   * in the image. A `tar://` context is unpacked into regular files.
   */
  public static ConfigMap context(SysimagePlan plan, String namespace) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(contextName(plan))
        .withNamespace(namespace)
        .withLabels(labels(plan))
        .endMetadata()
        .withBinaryData(
            Map.of(
                ContextArchive.KEY, Base64.getEncoder().encodeToString(BuildContext.archive(plan))))
        .build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build();
  }

  /**
   * @param insecureRegistries registries to reach over plain HTTP, such as a kind cluster's local
   *     registry; empty everywhere else
   */
  public static Job job(SysimagePlan plan, String namespace, List<String> insecureRegistries) {
    return job(plan, namespace, insecureRegistries, false);
  }

  /**
   * @param depotCache whether the build mounts the depot cache ({@link DepotCache}); the Job is
   *     labelled so, for the operator to see which builds hold a cache only one may use at a time
   */
  public static Job job(
      SysimagePlan plan, String namespace, List<String> insecureRegistries, boolean depotCache) {
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("context")
            .withNewConfigMap()
            .withName(contextName(plan))
            .endConfigMap()
            .build());
    // Kaniko's working directory: nothing else there, so --dockerfile=Dockerfile can only
    // mean the one in the context (cmd/executor/cmd/root.go, resolveDockerfilePath, looks
    // in the working directory first).
    mounts.add(mount("context", "/workspace"));
    if (plan.pushSecret() != null) {
      // The only place push credentials are mounted: the build pod.
      volumes.add(
          new VolumeBuilder()
              .withName("push-credentials")
              .withNewSecret()
              .withSecretName(plan.pushSecret())
              .withItems(new KeyToPath(".dockerconfigjson", null, "config.json"))
              .endSecret()
              .build());
      mounts.add(mount("push-credentials", "/kaniko/.docker"));
    }
    // Git and package-server credentials: in the build pod only, read-only, owner-only (ssh
    // refuses a private key others can read, and the executor runs as root).
    volumes.addAll(GitAccess.volumes(plan.sources(), 0400));
    mounts.addAll(GitAccess.mounts(plan.sources()));
    if (depotCache) {
      volumes.add(DepotCache.volume());
      mounts.add(DepotCache.mount());
    }
    Map<String, String> jobLabels = labels(plan);
    if (depotCache) {
      jobLabels.put(Labels.DEPOT_CACHE, Labels.DEPOT_CACHE_MOUNTED);
    }
    int cpus = BuildResources.cpus(plan.resources());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--context=tar:///workspace/" + ContextArchive.KEY,
                "--dockerfile=Dockerfile",
                "--destination=" + plan.imageTagRef(),
                "--digest-file=/dev/termination-log",
                "--cache=true",
                "--cache-repo=" + plan.cacheRepo(),
                // Kaniko's README: try this when a build fails out of memory; a sysimage layer is
                // GiBs.
                "--compressed-caching=false",
                "--snapshot-mode=redo",
                "--push-retry=2",
                "--build-arg=JULIA_NUM_PRECOMPILE_TASKS=" + cpus,
                "--build-arg=JULIA_CPU_THREADS=" + cpus,
                "--verbosity=info"));
    insecureRegistries.forEach(r -> args.add("--insecure-registry=" + r));
    Map<String, String> nodeSelector = new TreeMap<>(plan.nodeSelector());
    // The image is built for the node's architecture: pin it to the plan's.
    nodeSelector.put(OperatorDefaults.ARCH_LABEL, plan.arch());
    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(plan))
        .withNamespace(namespace)
        .withLabels(jobLabels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(BACKOFF_LIMIT)
        // A pod evicted, preempted or lost with its node is not the build failing: the Job
        // starts another and does not count it (kubernetes pkg/controller/job, podFailurePolicy
        // action Ignore on the DisruptionTarget condition; GA in 1.31, on by default since
        // 1.26). Older API servers drop the field, and the operator then sees a failed Job.
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .endPodFailurePolicy()
        .withActiveDeadlineSeconds(plan.deadlineSeconds())
        .withTtlSecondsAfterFinished(TTL_SECONDS)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(jobLabels)
        .endMetadata()
        .withSpec(
            new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNodeSelector(nodeSelector)
                .withTolerations(plan.tolerations())
                .addNewContainer()
                .withName("kaniko")
                .withImage(plan.executorImage())
                .withArgs(args)
                .withResources(plan.resources())
                // The digest on success; the end of the log when the executor fails before it
                // writes the file (kubelet: FallbackToLogsOnError).
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withVolumeMounts(mounts)
                .endContainer()
                .withVolumes(volumes)
                .build())
        .endTemplate()
        .endSpec()
        .build();
  }
}
