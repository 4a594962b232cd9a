package dev.juliapod.cli;

import dev.juliapod.plan.IdleTimeout;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.OperatorDefaultsBuilder;
import java.util.List;
import picocli.CommandLine.Mixin;
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

  @Option(
      names = "--repository",
      paramLabel = "REPO",
      defaultValue = "${env:JULIAPOD_REPOSITORY}",
      description =
          "Default image repository for JuliaPods without spec.build.repository"
              + " (JULIAPOD_REPOSITORY).")
  String repository;

  @Option(
      names = "--push-secret",
      paramLabel = "NAME",
      defaultValue = "${env:JULIAPOD_PUSH_SECRET}",
      description =
          "Default dockerconfigjson Secret for pushes, in each JuliaPod's namespace, or in the"
              + " build namespace only with --build-namespace (JULIAPOD_PUSH_SECRET).")
  String pushSecret;

  @Option(
      names = "--julia-image",
      paramLabel = "IMAGE",
      defaultValue = "${env:JULIAPOD_JULIA_IMAGE}",
      description =
          "Base image for spec.julia.version; {version} is replaced by the version"
              + " (JULIAPOD_JULIA_IMAGE, default julia:{version}).")
  String juliaImage;

  @Option(
      names = "--executor-image",
      paramLabel = "IMAGE",
      defaultValue = "${env:JULIAPOD_EXECUTOR_IMAGE}",
      description =
          "Kaniko executor image for builds (JULIAPOD_EXECUTOR_IMAGE, default "
              + OperatorDefaults.EXECUTOR_IMAGE
              + ").")
  String executorImage;

  @Option(
      names = "--cache-repository",
      paramLabel = "REPO",
      defaultValue = "${env:JULIAPOD_CACHE_REPOSITORY}",
      description =
          "Repository for Kaniko's layer cache (JULIAPOD_CACHE_REPOSITORY, default"
              + " <repository>-cache).")
  String cacheRepository;

  @Option(
      names = "--arch",
      paramLabel = "amd64|arm64",
      defaultValue = "${env:JULIAPOD_ARCH}",
      description =
          "Node architecture for JuliaPods without spec.julia.arch (JULIAPOD_ARCH,"
              + " default amd64).")
  String arch;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      split = ",",
      defaultValue = "${env:JULIAPOD_INSECURE_REGISTRIES}",
      description =
          "Registry Kaniko reaches over plain HTTP, repeatable or comma-separated,"
              + " e.g. a kind cluster's local registry (JULIAPOD_INSECURE_REGISTRIES).")
  List<String> insecureRegistries;

  @Option(
      names = "--allowed-service-account",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "${env:JULIAPOD_ALLOWED_SERVICE_ACCOUNTS}",
      description =
          "Service account a JuliaPod may name in spec.session.serviceAccountName,"
              + " repeatable or comma-separated; none by default, so sessions hold no API token"
              + " (JULIAPOD_ALLOWED_SERVICE_ACCOUNTS).")
  List<String> allowedServiceAccounts;

  /** Here, so that the commands' help (sortOptions = false) lists these options in this place. */
  @Mixin ResourceDefaultsOptions resources;

  @Option(
      names = "--image-pull-secret",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "${env:JULIAPOD_IMAGE_PULL_SECRETS}",
      description =
          "Secret session pods pull their image with when the JuliaPod names none"
              + " (spec.session.imagePullSecrets), repeatable or comma-separated"
              + " (JULIAPOD_IMAGE_PULL_SECRETS). Build pods never get it.")
  List<String> imagePullSecrets;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:JULIAPOD_IDLE_TIMEOUT}",
      description =
          "Stop session pods after this long without REPL input or a running evaluation, for"
              + " JuliaPods without spec.session.idleTimeout, e.g. 45m, 2h, 1h30m or PT2H; 0"
              + " never (JULIAPOD_IDLE_TIMEOUT; default: never). The workspace stays; `juliapod"
              + " start` brings a session back.")
  String idleTimeout;

  @Mixin PackageSourceOptions sources;

  @Mixin BuildRulesOptions builds;

  OperatorDefaults defaults() {
    String juliaImage = given(this.juliaImage);
    if (juliaImage != null && !juliaImage.contains("{version}")) {
      throw new ParameterException(
          spec.commandLine(),
          "--julia-image '"
              + juliaImage
              + "' has no {version}: every Julia version would get the same base image; write"
              + " e.g. julia:{version} or registry.example/julia:{version}-bookworm");
    }
    String arch = given(this.arch);
    if (arch != null && !OperatorDefaults.ARCHITECTURES.contains(arch)) {
      throw new ParameterException(
          spec.commandLine(),
          "--arch '"
              + arch
              + "': choose one of "
              + String.join(", ", OperatorDefaults.ARCHITECTURES));
    }
    String idleTimeout = given(this.idleTimeout);
    if (idleTimeout != null && IdleTimeout.parse(idleTimeout) == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--idle-timeout '"
              + idleTimeout
              + "' is not a duration: write e.g. 45m, 2h, 1h30m or PT2H, or 0 for never");
    }
    OperatorDefaultsBuilder builder =
        OperatorDefaults.builtIn().toBuilder()
            .baseImage(juliaImage)
            .executorImage(given(executorImage))
            .repository(given(repository))
            .pushSecret(given(pushSecret))
            .insecureRegistries(given(insecureRegistries))
            .cacheRepository(given(cacheRepository))
            .arch(arch)
            .allowedServiceAccounts(given(allowedServiceAccounts))
            .builds(builds.rules(spec.commandLine()))
            .idleTimeout(idleTimeout);
    resources.applyTo(builder, spec.commandLine()).imagePullSecrets(given(imagePullSecrets));
    return sources.applyTo(builder, spec.commandLine()).build();
  }

  /** The chart sets every variable; an empty one means "not set", as in a shell. */
  static String given(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  static List<String> given(List<String> values) {
    List<String> set =
        values == null
            ? List.of()
            : values.stream().map(DefaultsOptions::given).filter(v -> v != null).toList();
    return set.isEmpty() ? null : set;
  }
}
