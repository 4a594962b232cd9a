package dev.juliapod.plan;

import dev.juliapod.api.JuliaPodSpec;
import dev.juliapod.julia.JuliaVersion;

/**
 * What a JuliaPod's name and spec must be before anything is planned; the session's own checks are
 * in {@link SessionChecks}.
 */
final class JuliaPodChecks {
  /** Kubernetes names of pods and claims must fit a DNS label. */
  private static final int MAX_NAME = 63 - "-workspace".length();

  private JuliaPodChecks() {}

  static void checkName(String name) throws PlanException {
    if (name.length() > MAX_NAME) {
      throw new PlanException(
          "metadata.name \""
              + name
              + "\" is "
              + name.length()
              + " characters; JuliaPod names can have at most "
              + MAX_NAME
              + " so that"
              + " \"<name>-workspace\" is a valid Kubernetes name: choose a shorter name");
    }
  }

  static JuliaVersion version(JuliaPodSpec spec) throws PlanException {
    if (spec == null || spec.julia == null || spec.julia.version == null) {
      throw new PlanException("spec.julia.version is required, e.g. \"1.11.7\"");
    }
    try {
      return JuliaVersion.parse(spec.julia.version);
    } catch (IllegalArgumentException e) {
      throw new PlanException("spec.julia.version " + e.getMessage());
    }
  }

  static String arch(JuliaPodSpec spec, OperatorDefaults defaults) throws PlanException {
    String arch = spec.julia.arch != null ? spec.julia.arch : defaults.arch();
    if (!OperatorDefaults.ARCHITECTURES.contains(arch)) {
      throw new PlanException(
          "spec.julia.arch \""
              + arch
              + "\" is not one of "
              + String.join(", ", OperatorDefaults.ARCHITECTURES));
    }
    return arch;
  }

  static void checkImage(String image) throws PlanException {
    if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw new PlanException(
          "spec.image \""
              + image
              + "\" is not an image reference:"
              + " write e.g. ghcr.io/team/julia-ml:1.10, or remove it to build one");
    }
  }
}
