package dev.juliapod.cli;

import dev.juliapod.plan.OperatorDefaultsBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The requests and limits of build and session pods whose JuliaPods set none; part of {@link
 * DefaultsOptions}.
 */
final class ResourceDefaultsOptions {
  @Option(
      names = "--build-cpu",
      paramLabel = "CPU",
      defaultValue = "${env:JULIAPOD_BUILD_CPU}",
      description =
          "CPU request of build pods for JuliaPods without spec.build.resources;"
              + " also Julia's precompilation tasks there (JULIAPOD_BUILD_CPU, default 2).")
  String buildCpu;

  @Option(
      names = "--build-memory",
      paramLabel = "SIZE",
      defaultValue = "${env:JULIAPOD_BUILD_MEMORY}",
      description = "Memory request of build pods (JULIAPOD_BUILD_MEMORY, default 8Gi).")
  String buildMemory;

  @Option(
      names = "--build-memory-limit",
      paramLabel = "SIZE",
      defaultValue = "${env:JULIAPOD_BUILD_MEMORY_LIMIT}",
      description = "Memory limit of build pods (JULIAPOD_BUILD_MEMORY_LIMIT, default 16Gi).")
  String buildMemoryLimit;

  @Option(
      names = "--session-cpu",
      paramLabel = "CPU",
      defaultValue = "${env:JULIAPOD_SESSION_CPU}",
      description =
          "CPU request of session pods that set none (JULIAPOD_SESSION_CPU, default" + " 500m).")
  String sessionCpu;

  @Option(
      names = "--session-memory",
      paramLabel = "SIZE",
      defaultValue = "${env:JULIAPOD_SESSION_MEMORY}",
      description =
          "Memory request of session pods that set none (JULIAPOD_SESSION_MEMORY,"
              + " default 2Gi).")
  String sessionMemory;

  @Option(
      names = "--session-cpu-limit",
      paramLabel = "CPU",
      defaultValue = "${env:JULIAPOD_SESSION_CPU_LIMIT}",
      description =
          "CPU limit of session pods that set none; it also sets their Julia threads"
              + " (JULIAPOD_SESSION_CPU_LIMIT, default none).")
  String sessionCpuLimit;

  @Option(
      names = "--session-memory-limit",
      paramLabel = "SIZE",
      defaultValue = "${env:JULIAPOD_SESSION_MEMORY_LIMIT}",
      description =
          "Memory limit of session pods that set none"
              + " (JULIAPOD_SESSION_MEMORY_LIMIT, default 8Gi).")
  String sessionMemoryLimit;

  OperatorDefaultsBuilder applyTo(OperatorDefaultsBuilder builder, CommandLine cli) {
    return builder
        .buildResources(
            quantity(cli, "--build-cpu", buildCpu),
            quantity(cli, "--build-memory", buildMemory),
            quantity(cli, "--build-memory-limit", buildMemoryLimit))
        .sessionResources(
            quantity(cli, "--session-cpu", sessionCpu),
            quantity(cli, "--session-memory", sessionMemory),
            quantity(cli, "--session-cpu-limit", sessionCpuLimit),
            quantity(cli, "--session-memory-limit", sessionMemoryLimit));
  }

  /** A Kubernetes quantity, checked here rather than by the API server on every pod. */
  private static String quantity(CommandLine cli, String option, String value) {
    String given = DefaultsOptions.given(value);
    if (given == null) {
      return null;
    }
    try {
      Quantity.getAmountInBytes(new Quantity(given));
      return given;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ParameterException(
          cli,
          option
              + " '"
              + given
              + "' is not a"
              + " Kubernetes quantity: write e.g. 500m or 2 (CPUs), 2Gi or 512Mi (memory)");
    }
  }
}
