package dev.juliapod.plan;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the operator fills in where a JuliaPod leaves a build or session field out. The values
 * here are the built-in defaults; the operator's flags and environment override them.
 *
 * @param baseImage base image pattern; `{version}` becomes the Julia version
 * @param executorImage Kaniko executor (upstream was archived with v1.23.2; forks exist)
 * @param repository image repository, or null when every JuliaPod must name one
 * @param pushSecret dockerconfigjson Secret for pushes, or null
 * @param buildDeadlineSeconds how long a sysimage build may run
 * @param insecureRegistries registries Kaniko reaches over plain HTTP (a kind cluster's local
 *     registry); not part of the image hash, only of how the Job talks to the registry
 * @param allowedServiceAccounts service accounts a JuliaPod may give its session
 *     (spec.session.serviceAccountName); empty: none, so a session never holds an API token
 *     that whoever may create JuliaPods could not already use
 */
public record OperatorDefaults(
    String baseImage,
    String executorImage,
    String repository,
    String pushSecret,
    ResourceRequirements buildResources,
    long buildDeadlineSeconds,
    ResourceRequirements sessionResources,
    String workspaceSize,
    List<String> insecureRegistries,
    List<String> allowedServiceAccounts) {

  public OperatorDefaults {
    insecureRegistries = List.copyOf(insecureRegistries);
    allowedServiceAccounts = List.copyOf(allowedServiceAccounts);
  }

  /** x86-64 targets that run on any node, as PackageCompiler's docs recommend for clusters. */
  public static final String DEFAULT_CPU_TARGET =
      "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)";

  public static OperatorDefaults builtIn() {
    return new OperatorDefaults(
        "julia:{version}",
        "gcr.io/kaniko-project/executor:v1.23.2",
        null,
        null,
        // A sysimage build holds the whole compiled environment in memory: several GiB.
        resources("2", "8Gi", "16Gi"),
        3 * 3600,
        resources("500m", "2Gi", "8Gi"),
        "10Gi",
        List.of(),
        List.of());
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
        buildResources, buildDeadlineSeconds, sessionResources, workspaceSize,
        insecureRegistries != null ? insecureRegistries : this.insecureRegistries,
        allowedServiceAccounts);
  }

  public OperatorDefaults withAllowedServiceAccounts(List<String> accounts) {
    return new OperatorDefaults(baseImage, executorImage, repository, pushSecret,
        buildResources, buildDeadlineSeconds, sessionResources, workspaceSize,
        insecureRegistries, accounts);
  }

  private static ResourceRequirements resources(String cpu, String memory, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))))
        .withLimits(new TreeMap<>(Map.of("memory", new Quantity(memoryLimit))))
        .build();
  }
}
