package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every folder under examples/ plans: each JuliaPod in it, with ConfigMap projects read from the
 * folder's kustomize configMapGenerator the way `kubectl apply -k` would make them.
 */
class ExamplesTest {
  static final Path EXAMPLES =
      Path.of(System.getProperty("basedir", ".")).resolve("../examples").normalize();
  private static final KubernetesSerialization K8S = new KubernetesSerialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Path> examples() throws Exception {
    try (Stream<Path> dirs = Files.list(EXAMPLES)) {
      return dirs.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyJuliaPodInTheExamplePlans(Path dir) throws Exception {
    Map<String, ProjectFiles> configMaps = configMaps(dir);
    List<Plan> plans = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        JsonNode doc = YAML.readTree(file.toFile());
        if (doc == null || !"JuliaPod".equals(doc.path("kind").asText())) {
          continue;
        }
        JuliaPod pod = K8S.unmarshal(Files.readString(file), JuliaPod.class);
        pod.getMetadata().setNamespace("examples");
        ProjectFiles project =
            pod.getSpec().project.configMapRef == null
                ? ProjectSources.inline(pod)
                : configMaps.get(pod.getSpec().project.configMapRef.name);
        assertThat(project)
            .as(
                "%s: ConfigMap %s comes from the kustomization",
                file,
                pod.getSpec().project.configMapRef == null
                    ? null
                    : pod.getSpec().project.configMapRef.name)
            .isNotNull();
        plans.add(Planner.plan(pod, project, OperatorDefaults.builtIn()));
      }
    }
    assertThat(plans).as("JuliaPods in %s", dir).isNotEmpty();
    if (dir.endsWith("team")) {
      assertThat(plans)
          .extracting(p -> p.sysimage().name())
          .hasSize(2)
          .containsOnly(plans.get(0).sysimage().name());
    }
    if (dir.endsWith("gpu")) {
      gpuSessionsGetAGpuAndBuildsDoNot(dir, plans.get(0), configMaps.get("cuda-project"));
    }
  }

  private static void gpuSessionsGetAGpuAndBuildsDoNot(Path dir, Plan plan, ProjectFiles files)
      throws Exception {
    assertThat(plan.sysimage().strip().baked()).extracting(b -> b.name()).contains("CUDA");
    assertThat(plan.sysimage().strip().stripped())
        .extracting(s -> s.name())
        .contains("BenchmarkTools", "PlutoUI");
    Pod session = SessionPod.of(plan, "img");
    var julia = session.getSpec().getContainers().get(0);
    assertThat(julia.getResources().getLimits()).containsKey("nvidia.com/gpu");
    assertThat(session.getSpec().getTolerations())
        .extracting(t -> t.getKey())
        .contains("nvidia.com/gpu");
    Job build = KanikoJob.job(plan.sysimage(), plan.namespace(), List.of());
    assertThat(
            build
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getLimits())
        .doesNotContainKey("nvidia.com/gpu");
    // The base image the JuliaPod names is the one base-image/Dockerfile says to build.
    assertThat(Files.readString(dir.resolve("base-image/Dockerfile")))
        .contains("docker build -t " + plan.sysimage().baseImage() + " ");
    assertThat(files.projectToml()).contains("[preferences.CUDA_Runtime_jll]");
  }

  private static Map<String, ProjectFiles> configMaps(Path dir) throws Exception {
    Map<String, ProjectFiles> maps = new HashMap<>();
    Path kustomization = dir.resolve("kustomization.yaml");
    if (!Files.exists(kustomization)) {
      return maps;
    }
    for (JsonNode generator : YAML.readTree(kustomization.toFile()).path("configMapGenerator")) {
      Map<String, String> data = new HashMap<>();
      for (JsonNode file : generator.path("files")) {
        Path path = dir.resolve(file.asText());
        data.put(path.getFileName().toString(), Files.readString(path));
      }
      String name = generator.path("name").asText();
      maps.put(
          name,
          new ProjectFiles(
              data.get("Project.toml"),
              "ConfigMap " + name + " key Project.toml",
              data.get("Manifest.toml"),
              "ConfigMap " + name + " key Manifest.toml"));
    }
    return maps;
  }
}
