package dev.juliapod.plan;

import dev.juliapod.registry.ImageName;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where sysimages are built and what may run in a build (docs/design.md, "Central builds"). A build
 * pod holds the push credentials, and everything in it runs as root next to them: the Kaniko
 * executor, and the base image's shell and Julia running the build steps. So the operator decides
 * which executors and base images a JuliaPod may ask for, in both modes.
 *
 * @param namespace the namespace every JuliaSysimage, build context and Job lives in; null: each
 *     JuliaPod's own (per-namespace builds)
 * @param executorImages patterns a JuliaPod's spec.build.executorImage must match; empty: any in
 *     per-namespace mode, only the operator's own executor image in central mode
 * @param baseImages patterns the base image (spec.julia.image, or the operator's pattern for the
 *     version) must match; empty: any
 * @param nodeSelector where build pods run when the JuliaPod says nothing (spec.build.nodeSelector,
 *     which central builds refuse): a platform's build nodes
 * @param tolerations the same for spec.build.tolerations: the taints of those nodes
 * @param cache the volume builds share downloads and compiled files through
 */
public record BuildRules(
    String namespace,
    List<String> executorImages,
    List<String> baseImages,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    DepotCacheSettings cache) {
  public BuildRules {
    executorImages = List.copyOf(executorImages);
    baseImages = List.copyOf(baseImages);
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
  }

  /** Without node placement of the operator's own. */
  public BuildRules(String namespace, List<String> executorImages, List<String> baseImages) {
    this(namespace, executorImages, baseImages, Map.of(), List.of(), DepotCacheSettings.OFF);
  }

  public static final BuildRules PER_NAMESPACE = new BuildRules(null, List.of(), List.of());

  /** The same rules with another cache. */
  public BuildRules withCache(DepotCacheSettings value) {
    return new BuildRules(namespace, executorImages, baseImages, nodeSelector, tolerations, value);
  }

  /** Whether builds live in one namespace for the whole cluster. */
  public boolean central() {
    return namespace != null;
  }

  /** The namespace a JuliaPod in {@code podNamespace} has its sysimage built in. */
  public String namespaceFor(String podNamespace) {
    return central() ? namespace : podNamespace;
  }

  /**
   * @param field where the image came from, for the message
   * @param operatorDefault the operator's own executor image, always allowed
   */
  void checkExecutor(String image, String field, String operatorDefault) throws PlanException {
    if (image.equals(operatorDefault) || matches(executorImages, image)) {
      return;
    }
    if (executorImages.isEmpty() && !central()) {
      return;
    }
    throw new PlanException(
        field
            + " "
            + image
            + " is not allowed: the operator runs "
            + (executorImages.isEmpty()
                ? "only its own executor image " + operatorDefault + " with central builds"
                : "executor images matching --allowed-executor-image "
                    + String.join(", ", executorImages))
            + ", since a build pod holds the registry push credentials; leave the field out, or"
            + " ask whoever runs the operator to allow it");
  }

  /**
   * @param field where the image came from, for the message
   */
  void checkBase(String image, String field) throws PlanException {
    if (baseImages.isEmpty() || matches(baseImages, image)) {
      return;
    }
    throw new PlanException(
        field
            + " "
            + image
            + " is not allowed: the operator builds only from base images matching"
            + " --allowed-base-image "
            + String.join(", ", baseImages)
            + ", since a build pod holds the registry push credentials; use one of those, or ask"
            + " whoever runs the operator to allow it");
  }

  /**
   * A pattern's `*` stands for any characters. Pattern and reference match as written and as Docker
   * reads them (`julia:1.11` is `docker.io/library/julia:1.11`), so either may use either form.
   */
  static boolean matches(List<String> patterns, String image) {
    String canonical = canonical(image);
    for (String pattern : patterns) {
      Pattern regex = glob(pattern);
      if (regex.matcher(image).matches()
          || regex.matcher(canonical).matches()
          || glob(canonical(pattern)).matcher(canonical).matches()) {
        return true;
      }
    }
    return false;
  }

  private static String canonical(String image) {
    int at = image.indexOf('@');
    String named = at < 0 ? image : image.substring(0, at);
    int colon = named.lastIndexOf(':');
    String repository =
        colon > named.lastIndexOf('/') ? named.substring(0, colon) : named; // not a host's port
    ImageName name = ImageName.parse(repository);
    String host = ImageName.DOCKER_HUB.equals(name.host()) ? "docker.io" : name.host();
    return host + "/" + name.name() + image.substring(repository.length());
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }
}
