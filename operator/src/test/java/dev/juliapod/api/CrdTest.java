package dev.juliapod.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in crds/ are what the fabric8 generator makes from dev.juliapod.api (run at
 * process-classes), and their schemas carry the validation users rely on.
 *
 * <p>The Maven build copies the generated files into crds/ in that same phase (operator/pom.xml),
 * so under Maven their contents match here by construction; what this still catches is a file in
 * crds/ the generator no longer makes (the copy never deletes) and a test run by something that did
 * not copy (an IDE). A stale committed copy is caught by .ci/run, which fails when the build
 * changed crds/ (CONTRIBUTING.md, "CRDs").
 */
class CrdTest {
  static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
  static final Path GENERATED = BASEDIR.resolve("target/classes/META-INF/fabric8");
  static final Path COMMITTED = BASEDIR.resolve("../crds").normalize();

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws Exception {
    List<String> generated;
    try (Stream<Path> files = Files.list(GENERATED)) {
      generated = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> committed;
    try (Stream<Path> files = Files.list(COMMITTED)) {
      committed = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(committed)
        .as("files in crds/ (delete one the generator no longer makes)")
        .isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readString(COMMITTED.resolve(name)))
          .as(
              "crds/%s is stale: `./mvnw -B -pl operator process-classes` generates and copies"
                  + " it",
              name)
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }

  @Test
  void juliaPodSchemaValidatesWhatItCan() throws Exception {
    JsonNode version = crd("juliapods.juliapod.dev-v1.yml").at("/spec/versions/0");
    JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec");

    assertThat(texts(spec.get("required"))).containsExactly("julia", "project");
    assertThat(spec.at("/properties/julia/properties/version/pattern").asText()).isNotEmpty();
    assertThat(spec.at("/properties/project/x-kubernetes-validations/0/rule").asText())
        .isEqualTo("has(self.inline) != has(self.configMapRef)");
    JsonNode sysimage = spec.at("/properties/sysimage");
    assertThat(texts(sysimage.at("/properties/policy/enum")))
        .containsExactlyInAnyOrder("Pinned", "Strict", "Registered", "Explicit", "None");
    assertThat(sysimage.at("/properties/policy/default").asText()).isEqualTo("Pinned");
    assertThat(sysimage.get("x-kubernetes-validations")).hasSize(2);
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    assertThat(version.at("/additionalPrinterColumns").findValuesAsText("name"))
        .containsExactlyInAnyOrder("Phase", "Sysimage", "Workers", "Age");
    // `kubectl scale jp NAME --replicas=N`: the scale subresource on the workers' count, which
    // has a default so that GET /scale finds it on every JuliaPod (WorkersSpec).
    assertThat(version.at("/subresources/scale/specReplicasPath").asText())
        .isEqualTo(".spec.workers.replicas");
    assertThat(version.at("/subresources/scale/statusReplicasPath").asText())
        .isEqualTo(".status.workers.replicas");
    assertThat(spec.at("/properties/workers/default/replicas").asInt(-1)).isZero();
    assertThat(spec.at("/properties/workers/properties/replicas/default").asInt(-1)).isZero();
    assertThat(spec.at("/properties/workers/properties/replicas/minimum").asInt(-1)).isZero();
    assertThat(crd("juliapods.juliapod.dev-v1.yml").at("/spec/names/shortNames/0").asText())
        .isEqualTo("jp");
  }

  private static JsonNode crd(String name) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(COMMITTED.resolve(name).toFile());
  }

  private static List<String> texts(JsonNode array) {
    return Stream.iterate(0, i -> i < array.size(), i -> i + 1)
        .map(array::get)
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .toList();
  }
}
