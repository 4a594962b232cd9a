package dev.juliapod.cli;

import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The operator's defaults for JuliaPods that leave build fields out. Shared by `operator` and
 * `plan`, so a plan printed locally is the plan the operator makes with the same settings.
 */
final class DefaultsOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--repository", paramLabel = "REPO",
      defaultValue = "${env:JULIAPOD_REPOSITORY}",
      description = "Default image repository for JuliaPods without spec.build.repository"
          + " (JULIAPOD_REPOSITORY).")
  String repository;

  @Option(names = "--push-secret", paramLabel = "NAME",
      defaultValue = "${env:JULIAPOD_PUSH_SECRET}",
      description = "Default dockerconfigjson Secret for pushes (JULIAPOD_PUSH_SECRET).")
  String pushSecret;

  @Option(names = "--julia-image", paramLabel = "IMAGE",
      defaultValue = "${env:JULIAPOD_JULIA_IMAGE}",
      description = "Base image for spec.julia.version; {version} is replaced by the version"
          + " (JULIAPOD_JULIA_IMAGE, default julia:{version}).")
  String juliaImage;

  @Option(names = "--executor-image", paramLabel = "IMAGE",
      defaultValue = "${env:JULIAPOD_EXECUTOR_IMAGE}",
      description = "Kaniko executor image for builds (JULIAPOD_EXECUTOR_IMAGE, default "
          + OperatorDefaults.EXECUTOR_IMAGE + ").")
  String executorImage;

  @Option(names = "--cache-repository", paramLabel = "REPO",
      defaultValue = "${env:JULIAPOD_CACHE_REPOSITORY}",
      description = "Repository for Kaniko's layer cache (JULIAPOD_CACHE_REPOSITORY, default"
          + " <repository>-cache).")
  String cacheRepository;

  @Option(names = "--arch", paramLabel = "amd64|arm64", defaultValue = "${env:JULIAPOD_ARCH}",
      description = "Node architecture for JuliaPods without spec.julia.arch (JULIAPOD_ARCH,"
          + " default amd64).")
  String arch;

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", split = ",",
      defaultValue = "${env:JULIAPOD_INSECURE_REGISTRIES}",
      description = "Registry Kaniko reaches over plain HTTP, repeatable or comma-separated,"
          + " e.g. a kind cluster's local registry (JULIAPOD_INSECURE_REGISTRIES).")
  List<String> insecureRegistries;

  @Option(names = "--allowed-service-account", paramLabel = "NAME", split = ",",
      defaultValue = "${env:JULIAPOD_ALLOWED_SERVICE_ACCOUNTS}",
      description = "Service account a JuliaPod may name in spec.session.serviceAccountName,"
          + " repeatable or comma-separated; none by default, so sessions hold no API token"
          + " (JULIAPOD_ALLOWED_SERVICE_ACCOUNTS).")
  List<String> allowedServiceAccounts;

  @Option(names = "--build-cpu", paramLabel = "CPU",
      defaultValue = "${env:JULIAPOD_BUILD_CPU}",
      description = "CPU request of build pods for JuliaPods without spec.build.resources;"
          + " also Julia's precompilation tasks there (JULIAPOD_BUILD_CPU, default 2).")
  String buildCpu;

  @Option(names = "--build-memory", paramLabel = "SIZE",
      defaultValue = "${env:JULIAPOD_BUILD_MEMORY}",
      description = "Memory request of build pods (JULIAPOD_BUILD_MEMORY, default 8Gi).")
  String buildMemory;

  @Option(names = "--build-memory-limit", paramLabel = "SIZE",
      defaultValue = "${env:JULIAPOD_BUILD_MEMORY_LIMIT}",
      description = "Memory limit of build pods (JULIAPOD_BUILD_MEMORY_LIMIT, default 16Gi).")
  String buildMemoryLimit;

  @Option(names = "--session-cpu", paramLabel = "CPU",
      defaultValue = "${env:JULIAPOD_SESSION_CPU}",
      description = "CPU request of session pods that set none (JULIAPOD_SESSION_CPU, default"
          + " 500m).")
  String sessionCpu;

  @Option(names = "--session-memory", paramLabel = "SIZE",
      defaultValue = "${env:JULIAPOD_SESSION_MEMORY}",
      description = "Memory request of session pods that set none (JULIAPOD_SESSION_MEMORY,"
          + " default 2Gi).")
  String sessionMemory;

  @Option(names = "--session-cpu-limit", paramLabel = "CPU",
      defaultValue = "${env:JULIAPOD_SESSION_CPU_LIMIT}",
      description = "CPU limit of session pods that set none; it also sets their Julia threads"
          + " (JULIAPOD_SESSION_CPU_LIMIT, default none).")
  String sessionCpuLimit;

  @Option(names = "--session-memory-limit", paramLabel = "SIZE",
      defaultValue = "${env:JULIAPOD_SESSION_MEMORY_LIMIT}",
      description = "Memory limit of session pods that set none"
          + " (JULIAPOD_SESSION_MEMORY_LIMIT, default 8Gi).")
  String sessionMemoryLimit;

  @Option(names = "--image-pull-secret", paramLabel = "NAME", split = ",",
      defaultValue = "${env:JULIAPOD_IMAGE_PULL_SECRETS}",
      description = "Secret session pods pull their image with when the JuliaPod names none"
          + " (spec.session.imagePullSecrets), repeatable or comma-separated"
          + " (JULIAPOD_IMAGE_PULL_SECRETS). Build pods never get it.")
  List<String> imagePullSecrets;

  OperatorDefaults defaults() {
    String juliaImage = given(this.juliaImage);
    if (juliaImage != null && !juliaImage.contains("{version}")) {
      throw new ParameterException(spec.commandLine(), "--julia-image '" + juliaImage
          + "' has no {version}: every Julia version would get the same base image; write"
          + " e.g. julia:{version} or registry.example/julia:{version}-bookworm");
    }
    String arch = given(this.arch);
    if (arch != null && !OperatorDefaults.ARCHITECTURES.contains(arch)) {
      throw new ParameterException(spec.commandLine(), "--arch '" + arch + "': choose one of "
          + String.join(", ", OperatorDefaults.ARCHITECTURES));
    }
    return OperatorDefaults.builtIn().toBuilder()
        .baseImage(juliaImage)
        .executorImage(given(executorImage))
        .repository(given(repository))
        .pushSecret(given(pushSecret))
        .insecureRegistries(given(insecureRegistries))
        .cacheRepository(given(cacheRepository))
        .arch(arch)
        .allowedServiceAccounts(given(allowedServiceAccounts))
        .buildResources(quantity("--build-cpu", buildCpu),
            quantity("--build-memory", buildMemory),
            quantity("--build-memory-limit", buildMemoryLimit))
        .sessionResources(quantity("--session-cpu", sessionCpu),
            quantity("--session-memory", sessionMemory),
            quantity("--session-cpu-limit", sessionCpuLimit),
            quantity("--session-memory-limit", sessionMemoryLimit))
        .imagePullSecrets(given(imagePullSecrets))
        .build();
  }

  /** A Kubernetes quantity, checked here rather than by the API server on every pod. */
  private String quantity(String option, String value) {
    String given = given(value);
    if (given == null) {
      return null;
    }
    try {
      Quantity.getAmountInBytes(new Quantity(given));
      return given;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ParameterException(spec.commandLine(), option + " '" + given + "' is not a"
          + " Kubernetes quantity: write e.g. 500m or 2 (CPUs), 2Gi or 512Mi (memory)");
    }
  }

  /** The chart sets every variable; an empty one means "not set", as in a shell. */
  static String given(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  static List<String> given(List<String> values) {
    List<String> set = values == null ? List.of()
        : values.stream().map(DefaultsOptions::given).filter(v -> v != null).toList();
    return set.isEmpty() ? null : set;
  }
}
