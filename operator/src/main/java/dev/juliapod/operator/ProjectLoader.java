package dev.juliapod.operator;

import dev.juliapod.api.ConfigMapProjectRef;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.PlanException;
import dev.juliapod.plan.ProjectFiles;
import dev.juliapod.plan.ProjectSources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** A JuliaPod's Project.toml and Manifest.toml, from the spec or from its ConfigMap. */
final class ProjectLoader {
  private ProjectLoader() {}

  /**
   * @param configMaps the labelled project ConfigMaps
   * @param unlabelled reads a ConfigMap the cache does not hold, to say why
   */
  static ProjectFiles load(
      JuliaPod pod, Cached<ConfigMap> configMaps, Function<String, ConfigMap> unlabelled)
      throws PlanException {
    if (pod.getSpec() == null
        || pod.getSpec().project == null
        || pod.getSpec().project.configMapRef == null) {
      return ProjectSources.inline(pod);
    }
    ConfigMapProjectRef ref = pod.getSpec().project.configMapRef;
    String namespace = pod.getMetadata().getNamespace();
    ConfigMap map = configMaps.get(namespace, ref.name).orElse(null);
    ConfigMap read = map != null ? null : unlabelled.apply(ref.name);
    if (read != null
        && read.getMetadata().getLabels() != null
        && read.getMetadata().getLabels().containsKey(JuliaPodSources.PROJECT_LABEL)) {
      map = read; // labelled, and newer than the cache
    } else if (read != null) {
      throw new PlanException(
          "ConfigMap "
              + ref.name
              + " (spec.project.configMapRef) has no"
              + " label "
              + JuliaPodSources.PROJECT_LABEL
              + ": the operator watches only ConfigMaps"
              + " with it, so it would not see their edits; add it (kubectl label configmap "
              + ref.name
              + " "
              + JuliaPodSources.PROJECT_LABEL
              + "=true, or in kustomize"
              + " generatorOptions.labels)");
    }
    if (map == null) {
      throw new PlanException(
          "ConfigMap "
              + ref.name
              + " (spec.project.configMapRef) not found"
              + " in namespace "
              + namespace
              + ": create it, e.g. kubectl create configmap "
              + ref.name
              + " --from-file=Project.toml --from-file=Manifest.toml, then kubectl label"
              + " configmap "
              + ref.name
              + " "
              + JuliaPodSources.PROJECT_LABEL
              + "=true");
    }
    Map<String, String> data = Objects.requireNonNullElse(map.getData(), Map.of());
    return new ProjectFiles(
        key(data, ref.name, ref.projectKey),
        "ConfigMap " + ref.name + " key " + ref.projectKey,
        key(data, ref.name, ref.manifestKey),
        "ConfigMap " + ref.name + " key " + ref.manifestKey);
  }

  private static String key(Map<String, String> data, String name, String key)
      throws PlanException {
    String text = data.get(key);
    if (text == null) {
      throw new PlanException(
          "ConfigMap "
              + name
              + " has no key "
              + key
              + " (it has "
              + String.join(", ", data.keySet())
              + "): add it or set spec.project.configMapRef"
              + " keys");
    }
    return text;
  }
}
