package dev.juliapod.cli;

import dev.juliapod.plan.BuildRules;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where sysimages are built and what builds may run (docs/design.md, "Central builds"). */
final class BuildRulesOptions {
  /** A Kubernetes namespace name: a DNS label. */
  private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  @Option(
      names = "--build-namespace",
      paramLabel = "NS",
      defaultValue = "${env:JULIAPOD_BUILD_NAMESPACE}",
      description =
          "Build every sysimage in this namespace, whatever namespace its JuliaPods are in:"
              + " one build per plan in the cluster, and the push Secret only there"
              + " (JULIAPOD_BUILD_NAMESPACE). Omitted: each JuliaPod's own namespace.")
  String buildNamespace;

  @Option(
      names = "--allowed-executor-image",
      paramLabel = "PATTERN",
      split = ",",
      defaultValue = "${env:JULIAPOD_ALLOWED_EXECUTOR_IMAGES}",
      description =
          "Kaniko executor image a JuliaPod may name in spec.build.executorImage, * for any"
              + " characters, repeatable or comma-separated (JULIAPOD_ALLOWED_EXECUTOR_IMAGES)."
              + " The operator's own --executor-image is always allowed; with"
              + " --build-namespace and no pattern it is the only one.")
  List<String> executorImages;

  @Option(
      names = "--allowed-base-image",
      paramLabel = "PATTERN",
      split = ",",
      defaultValue = "${env:JULIAPOD_ALLOWED_BASE_IMAGES}",
      description =
          "Base image builds may start from (spec.julia.image, or --julia-image for the"
              + " version), * for any characters, repeatable or comma-separated; julia:*"
              + " also matches docker.io/library/julia:* (JULIAPOD_ALLOWED_BASE_IMAGES). Any"
              + " when omitted.")
  List<String> baseImages;

  BuildRules rules(CommandLine command) {
    String namespace = DefaultsOptions.given(buildNamespace);
    if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
      throw new ParameterException(
          command,
          "--build-namespace '"
              + namespace
              + "' is not a namespace name (lower case letters, digits and -, at most 63)");
    }
    return new BuildRules(
        namespace,
        Objects.requireNonNullElse(DefaultsOptions.given(executorImages), List.of()),
        Objects.requireNonNullElse(DefaultsOptions.given(baseImages), List.of()));
  }
}
