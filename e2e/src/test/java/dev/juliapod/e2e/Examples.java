package dev.juliapod.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The objects `kubectl apply -k DIR` (with a kustomization.yaml) or `kubectl apply -f DIR` would
 * send for one example folder. Only the kustomize features the examples use: resources and
 * configMapGenerator with files and disableNameSuffixHash.
 */
final class Examples {
  static final Path ROOT = Path.of(System.getProperty("juliapod.root", "..")).normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  private Examples() {}

  static List<Path> folders() throws IOException {
    try (Stream<Path> dirs = Files.list(ROOT.resolve("examples"))) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  static List<HasMetadata> objects(Path dir, String namespace) throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    Path kustomization = dir.resolve("kustomization.yaml");
    if (Files.exists(kustomization)) {
      JsonNode k = YAML.readTree(kustomization.toFile());
      if (!k.path("generatorOptions").path("disableNameSuffixHash").asBoolean()) {
        throw new IllegalStateException(
            kustomization
                + ": name suffix hashes are not"
                + " supported here, and JuliaPods could not follow them anyway");
      }
      for (JsonNode generator : k.path("configMapGenerator")) {
        Map<String, String> data = new TreeMap<>();
        for (JsonNode file : generator.path("files")) {
          Path path = dir.resolve(file.asText());
          data.put(path.getFileName().toString(), Files.readString(path));
        }
        // As kustomize does: generatorOptions.labels go on every generated ConfigMap.
        Map<String, String> labels = new TreeMap<>();
        k.path("generatorOptions")
            .path("labels")
            .fields()
            .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        objects.add(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(generator.path("name").asText())
                .withLabels(labels)
                .endMetadata()
                .withData(data)
                .build());
      }
      for (JsonNode resource : k.path("resources")) {
        objects.add(read(dir.resolve(resource.asText())));
      }
    } else {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          objects.add(read(file));
        }
      }
    }
    objects.forEach(o -> o.getMetadata().setNamespace(namespace));
    return objects;
  }

  private static HasMetadata read(Path file) throws IOException {
    String text = Files.readString(file);
    String kind = YAML.readTree(text).path("kind").asText();
    return switch (kind) {
      case "JuliaPod" -> K8S.unmarshal(text, JuliaPod.class);
      case "ConfigMap" -> K8S.unmarshal(text, io.fabric8.kubernetes.api.model.ConfigMap.class);
      default -> throw new IllegalStateException(file + ": no e2e support for kind " + kind);
    };
  }
}
