package dev.juliapod.plan;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the operator fills in where a JuliaPod leaves a build or session field out. The values
 * here are the built-in defaults; the operator's flags and environment override them.
 *
 * @param baseImage base image pattern; `%s` becomes the Julia version
 * @param executorImage Kaniko executor (upstream was archived with v1.23.2; forks exist)
 * @param repository image repository, or null when every JuliaPod must name one
 * @param pushSecret dockerconfigjson Secret for pushes, or null
 * @param buildDeadlineSeconds how long a sysimage build may run
 */
public record OperatorDefaults(
    String baseImage,
    String executorImage,
    String repository,
    String pushSecret,
    ResourceRequirements buildResources,
    long buildDeadlineSeconds,
    ResourceRequirements sessionResources,
    String workspaceSize) {

  /** x86-64 targets that run on any node, as PackageCompiler's docs recommend for clusters. */
  public static final String DEFAULT_CPU_TARGET =
      "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)";

  public static OperatorDefaults builtIn() {
    return new OperatorDefaults(
        "julia:%s",
        "gcr.io/kaniko-project/executor:v1.23.2",
        null,
        null,
        // A sysimage build holds the whole compiled environment in memory: several GiB.
        resources("2", "8Gi", "16Gi"),
        3 * 3600,
        resources("500m", "2Gi", "8Gi"),
        "10Gi");
  }

  public OperatorDefaults withRepository(String value) {
    return new OperatorDefaults(baseImage, executorImage, value, pushSecret, buildResources,
        buildDeadlineSeconds, sessionResources, workspaceSize);
  }

  public OperatorDefaults withPushSecret(String value) {
    return new OperatorDefaults(baseImage, executorImage, repository, value, buildResources,
        buildDeadlineSeconds, sessionResources, workspaceSize);
  }

  private static ResourceRequirements resources(String cpu, String memory, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))))
        .withLimits(new TreeMap<>(Map.of("memory", new Quantity(memoryLimit))))
        .build();
  }
}
