package dev.juliapod.plan;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the operator fills in where a JuliaPod leaves a build or session field out. The values
 * here are the built-in defaults; the operator's flags and environment override them.
 *
 * @param baseImage base image pattern; `{version}` becomes the Julia version
 * @param executorImage Kaniko executor image
 * @param repository image repository, or null when every JuliaPod must name one
 * @param pushSecret dockerconfigjson Secret for pushes, or null
 * @param cacheRepository Kaniko's layer cache repository, or null for {@code
 *     <repository>-cache}
 * @param arch node architecture for JuliaPods that name none: amd64 or arm64
 * @param buildDeadlineSeconds how long a sysimage build may run
 * @param insecureRegistries registries Kaniko reaches over plain HTTP (a kind cluster's local
 *     registry); not part of the image hash, only of how the Job talks to the registry
 * @param allowedServiceAccounts service accounts a JuliaPod may give its session
 *     (spec.session.serviceAccountName); empty: none, so a session never holds an API token
 *     that whoever may create JuliaPods could not already use
 * @param imagePullSecrets Secrets session pods pull their image with, unless the JuliaPod
 *     names its own; never the push Secret, which only build pods get
 * @param buildPodPatience how long a build Job may go without a pod before the operator
 *     reports why (its FailedCreate events); not part of any plan
 */
public record OperatorDefaults(
    String baseImage,
    String executorImage,
    String repository,
    String pushSecret,
    String cacheRepository,
    String arch,
    ResourceRequirements buildResources,
    long buildDeadlineSeconds,
    ResourceRequirements sessionResources,
    String workspaceSize,
    List<String> insecureRegistries,
    List<String> allowedServiceAccounts,
    List<String> imagePullSecrets,
    Duration buildPodPatience) {

  public OperatorDefaults {
    insecureRegistries = List.copyOf(insecureRegistries);
    allowedServiceAccounts = List.copyOf(allowedServiceAccounts);
    imagePullSecrets = List.copyOf(imagePullSecrets);
  }

  /**
   * The maintained Kaniko fork's pinned release (osscontainertools/kaniko, published to
   * ghcr.io by its .github/workflows/images.yaml); GoogleContainerTools/kaniko was archived
   * in 2025 with v1.24.0.
   */
  public static final String EXECUTOR_IMAGE = "ghcr.io/osscontainertools/kaniko:v1.28.3";
  public static final List<String> ARCHITECTURES = List.of("amd64", "arm64");
  /**
   * The node label with the node's architecture, which the kubelet sets from Go's GOARCH
   * (kubernetes pkg/kubelet/kubelet_node_status.go; a well-known label in the Kubernetes
   * docs, "Well-Known Labels, Annotations and Taints").
   */
  public static final String ARCH_LABEL = "kubernetes.io/arch";

  public static OperatorDefaults builtIn() {
    return new OperatorDefaults(
        "julia:{version}",
        EXECUTOR_IMAGE,
        null,
        null,
        null,
        "amd64",
        // A sysimage build holds the whole compiled environment in memory: several GiB.
        resources("2", "8Gi", "16Gi"),
        3 * 3600,
        resources("500m", "2Gi", "8Gi"),
        "10Gi",
        List.of(),
        List.of(),
        List.of(),
        Duration.ofMinutes(2));
  }

  public OperatorDefaults withRepository(String value) {
    return overriding(null, null, value, null, null);
  }

  /** These defaults with every non-null argument in place of the built-in value. */
  public OperatorDefaults overriding(String baseImage, String executorImage, String repository,
      String pushSecret, List<String> insecureRegistries) {
    return new OperatorDefaults(
        baseImage != null ? baseImage : this.baseImage,
        executorImage != null ? executorImage : this.executorImage,
        repository != null ? repository : this.repository,
        pushSecret != null ? pushSecret : this.pushSecret,
        cacheRepository, arch, buildResources, buildDeadlineSeconds, sessionResources,
        workspaceSize, insecureRegistries != null ? insecureRegistries : this.insecureRegistries,
        allowedServiceAccounts, imagePullSecrets, buildPodPatience);
  }

  /** These defaults with the cache repository and architecture, where not null. */
  public OperatorDefaults withBuildPlatform(String cacheRepository, String arch) {
    return new OperatorDefaults(baseImage, executorImage, repository, pushSecret,
        cacheRepository != null ? cacheRepository : this.cacheRepository,
        arch != null ? arch : this.arch, buildResources, buildDeadlineSeconds,
        sessionResources, workspaceSize, insecureRegistries, allowedServiceAccounts,
        imagePullSecrets, buildPodPatience);
  }

  public OperatorDefaults withAllowedServiceAccounts(List<String> accounts) {
    return new OperatorDefaults(baseImage, executorImage, repository, pushSecret,
        cacheRepository, arch, buildResources, buildDeadlineSeconds, sessionResources,
        workspaceSize, insecureRegistries, accounts, imagePullSecrets, buildPodPatience);
  }

  public OperatorDefaults withBuildPodPatience(Duration patience) {
    return new OperatorDefaults(baseImage, executorImage, repository, pushSecret,
        cacheRepository, arch, buildResources, buildDeadlineSeconds, sessionResources,
        workspaceSize, insecureRegistries, allowedServiceAccounts, imagePullSecrets,
        patience != null ? patience : buildPodPatience);
  }

  /** These defaults with the build pods' requests and memory limit, where not null. */
  public OperatorDefaults withBuild(String cpu, String memory, String memoryLimit) {
    ResourceRequirements resources = new ResourceRequirementsBuilder()
        .withRequests(overridden(buildResources.getRequests(), cpu, memory))
        .withLimits(overridden(buildResources.getLimits(), null, memoryLimit))
        .build();
    return new OperatorDefaults(baseImage, executorImage, repository, pushSecret,
        cacheRepository, arch, resources, buildDeadlineSeconds, sessionResources,
        workspaceSize, insecureRegistries, allowedServiceAccounts, imagePullSecrets, buildPodPatience);
  }

  /** These defaults with the session's resources and pull Secrets, where not null. */
  public OperatorDefaults withSession(String cpu, String memory, String memoryLimit,
      String cpuLimit, List<String> pullSecrets) {
    ResourceRequirements resources = new ResourceRequirementsBuilder()
        .withRequests(overridden(sessionResources.getRequests(), cpu, memory))
        .withLimits(overridden(sessionResources.getLimits(), cpuLimit, memoryLimit))
        .build();
    return new OperatorDefaults(baseImage, executorImage, repository, pushSecret,
        cacheRepository, arch, buildResources, buildDeadlineSeconds, resources, workspaceSize,
        insecureRegistries, allowedServiceAccounts,
        pullSecrets != null ? pullSecrets : imagePullSecrets, buildPodPatience);
  }

  private static Map<String, Quantity> overridden(Map<String, Quantity> values, String cpu,
      String memory) {
    Map<String, Quantity> out = new TreeMap<>(values == null ? Map.of() : values);
    override(out, "cpu", cpu);
    override(out, "memory", memory);
    return out;
  }

  private static void override(Map<String, Quantity> values, String key, String value) {
    if (value != null) {
      values.put(key, new Quantity(value));
    }
  }

  private static ResourceRequirements resources(String cpu, String memory, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))))
        .withLimits(new TreeMap<>(Map.of("memory", new Quantity(memoryLimit))))
        .build();
  }
}
