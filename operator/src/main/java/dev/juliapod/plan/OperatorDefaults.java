package dev.juliapod.plan;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the operator fills in where a JuliaPod leaves a build or session field out. The values here
 * are the built-in defaults; the operator's flags and environment override them.
 *
 * @param baseImage base image pattern; `{version}` becomes the Julia version
 * @param executorImage Kaniko executor image
 * @param repository image repository, or null when every JuliaPod must name one
 * @param pushSecret dockerconfigjson Secret for pushes, or null
 * @param cacheRepository Kaniko's layer cache repository, or null for {@code <repository>-cache}
 * @param arch node architecture for JuliaPods that name none: amd64 or arm64
 * @param buildDeadlineSeconds how long a sysimage build may run
 * @param insecureRegistries registries Kaniko reaches over plain HTTP (a kind cluster's local
 *     registry); not part of the image hash, only of how the Job talks to the registry
 * @param allowedServiceAccounts service accounts a JuliaPod may give its session
 *     (spec.session.serviceAccountName); empty: none, so a session never holds an API token that
 *     whoever may create JuliaPods could not already use
 * @param juliaRegistries registry URLs every JuliaPod gets besides General, before its own
 * @param pkgServer JULIA_PKG_SERVER for JuliaPods that name none, or null for Julia's default
 * @param credentialsSecret the Secret (in each JuliaPod's namespace) with git and package-server
 *     credentials for JuliaPods that name none, or null
 * @param imagePullSecrets Secrets session pods pull their image with, unless the JuliaPod names its
 *     own; never the push Secret, which only build pods get
 * @param builds where sysimages are built and which executor and base images builds may use
 * @param idleTimeout spec.session.idleTimeout for JuliaPods that set none, or null: never culled
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
    List<String> juliaRegistries,
    String pkgServer,
    String credentialsSecret,
    BuildRules builds,
    String idleTimeout) {

  public OperatorDefaults {
    insecureRegistries = List.copyOf(insecureRegistries);
    allowedServiceAccounts = List.copyOf(allowedServiceAccounts);
    imagePullSecrets = List.copyOf(imagePullSecrets);
    juliaRegistries = List.copyOf(juliaRegistries);
  }

  /**
   * The maintained Kaniko fork's pinned release (osscontainertools/kaniko, published to ghcr.io by
   * its .github/workflows/images.yaml); GoogleContainerTools/kaniko was archived in 2025 with
   * v1.24.0.
   */
  public static final String EXECUTOR_IMAGE = "ghcr.io/osscontainertools/kaniko:v1.28.3";

  public static final List<String> ARCHITECTURES = List.of("amd64", "arm64");

  /**
   * The node label with the node's architecture, which the kubelet sets from Go's GOARCH
   * (kubernetes pkg/kubelet/kubelet_node_status.go; a well-known label in the Kubernetes docs,
   * "Well-Known Labels, Annotations and Taints").
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
        List.of(),
        null,
        null,
        BuildRules.PER_NAMESPACE,
        null);
  }

  /** A builder starting from these defaults; a null given to it keeps the value it had. */
  public OperatorDefaultsBuilder toBuilder() {
    return new OperatorDefaultsBuilder(this);
  }

  private static ResourceRequirements resources(String cpu, String memory, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .withRequests(
            new TreeMap<>(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))))
        .withLimits(new TreeMap<>(Map.of("memory", new Quantity(memoryLimit))))
        .build();
  }
}
