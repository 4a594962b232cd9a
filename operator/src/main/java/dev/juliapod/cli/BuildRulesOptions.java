package dev.juliapod.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.juliapod.build.DepotCache;
import dev.juliapod.plan.BuildRules;
import dev.juliapod.plan.DepotCacheSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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

  @Option(
      names = "--build-node-selector",
      paramLabel = "KEY=VALUE[,KEY=VALUE...]",
      defaultValue = "${env:JULIAPOD_BUILD_NODE_SELECTOR}",
      description =
          "Node labels build pods require when the JuliaPod sets no spec.build.nodeSelector,"
              + " e.g. a pool of build nodes (JULIAPOD_BUILD_NODE_SELECTOR).")
  String nodeSelector;

  @Option(
      names = "--build-tolerations",
      paramLabel = "JSON",
      defaultValue = "${env:JULIAPOD_BUILD_TOLERATIONS}",
      description =
          "Tolerations of build pods when the JuliaPod sets no spec.build.tolerations, as a JSON"
              + " list of Kubernetes tolerations, e.g."
              + " '[{\"key\":\"builds\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]'"
              + " (JULIAPOD_BUILD_TOLERATIONS).")
  String tolerations;

  @Option(
      names = "--build-cache-size",
      paramLabel = "QUANTITY",
      defaultValue = "${env:JULIAPOD_BUILD_CACHE_SIZE}",
      description =
          "Give builds a depot cache: a claim of this size (e.g. 50Gi) named "
              + DepotCache.CLAIM
              + " in each namespace where builds run, which keeps downloaded packages,"
              + " artifacts and compiled files between builds (JULIAPOD_BUILD_CACHE_SIZE)."
              + " Omitted: no cache.")
  String cacheSize;

  @Option(
      names = "--build-cache-storage-class",
      paramLabel = "CLASS",
      defaultValue = "${env:JULIAPOD_BUILD_CACHE_STORAGE_CLASS}",
      description =
          "Storage class of the cache claim (JULIAPOD_BUILD_CACHE_STORAGE_CLASS); omitted: the"
              + " cluster's default.")
  String cacheStorageClass;

  @Option(
      names = "--build-cache-access-mode",
      paramLabel = "MODE",
      defaultValue = "${env:JULIAPOD_BUILD_CACHE_ACCESS_MODE}",
      description =
          "ReadWriteOnce (default): one build uses the cache at a time, the others build"
              + " without it; ReadWriteMany: all builds share it at once, on a storage class that"
              + " offers it (JULIAPOD_BUILD_CACHE_ACCESS_MODE).")
  String cacheAccessMode;

  private DepotCacheSettings cache(CommandLine command) {
    String size = DefaultsOptions.given(cacheSize);
    String mode =
        Objects.requireNonNullElse(
            DefaultsOptions.given(cacheAccessMode), DepotCacheSettings.READ_WRITE_ONCE);
    if (!DepotCacheSettings.ACCESS_MODES.contains(mode)) {
      throw new ParameterException(
          command,
          "--build-cache-access-mode '"
              + mode
              + "' is not one of "
              + String.join(", ", DepotCacheSettings.ACCESS_MODES));
    }
    if (size != null) {
      try {
        if (Quantity.getAmountInBytes(new Quantity(size)).signum() <= 0) {
          throw new IllegalArgumentException("not positive");
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            command,
            "--build-cache-size '" + size + "' is not a positive Kubernetes quantity, e.g. 50Gi");
      }
    }
    return new DepotCacheSettings(size, DefaultsOptions.given(cacheStorageClass), mode);
  }

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
        Objects.requireNonNullElse(DefaultsOptions.given(baseImages), List.of()),
        nodeSelector(command),
        tolerations(command),
        cache(command));
  }

  private Map<String, String> nodeSelector(CommandLine command) {
    String given = DefaultsOptions.given(nodeSelector);
    Map<String, String> labels = new TreeMap<>();
    if (given == null) {
      return labels;
    }
    for (String pair : given.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(
            command,
            "--build-node-selector '" + given + "': write KEY=VALUE pairs separated by commas");
      }
      labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return labels;
  }

  private List<Toleration> tolerations(CommandLine command) {
    String given = DefaultsOptions.given(tolerations);
    if (given == null) {
      return List.of();
    }
    try {
      return List.of(new ObjectMapper().readValue(given, Toleration[].class));
    } catch (JsonProcessingException e) {
      throw new ParameterException(
          command,
          "--build-tolerations is not a JSON list of tolerations ("
              + e.getOriginalMessage()
              + "): write e.g. [{\"key\":\"builds\",\"operator\":\"Exists\"}]");
    }
  }
}
