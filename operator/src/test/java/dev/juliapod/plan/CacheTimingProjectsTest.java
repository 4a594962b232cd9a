package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The two projects e2e/kind/cache-timing.sh builds with the depot cache off and on (issue 20): A
 * bakes Example and JSON, B the same and OrderedCollections, so B's build can find all of A's
 * packages in the cache. The script cannot run here; this holds what it relies on: the pinned sets
 * differ by one package, nothing is stripped, each JuliaPod's inline project is the Project.toml
 * and Manifest.toml beside it, and the repository the script sets per round is in the sysimage's
 * name (so each round builds anew).
 */
class CacheTimingProjectsTest {
  static final Path CACHE =
      Path.of(System.getProperty("basedir", ".")).resolve("../e2e/kind/cache").normalize();
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  @Test
  void bBakesWhatABakesAndOneMore() throws Exception {
    Plan a = plan("a", null);
    Plan b = plan("b", null);
    assertThat(a.sysimage().strip().baked())
        .extracting(p -> p.name())
        .containsExactlyInAnyOrder("Example", "JSON");
    assertThat(b.sysimage().strip().baked())
        .extracting(p -> p.name())
        .containsExactlyInAnyOrder("Example", "JSON", "OrderedCollections");
    assertThat(a.sysimage().strip().stripped()).isEmpty();
    assertThat(b.sysimage().strip().stripped()).isEmpty();
  }

  @Test
  void theInlineProjectIsTheFilesBesideIt() throws Exception {
    for (String dir : new String[] {"a", "b"}) {
      ProjectFiles inline = ProjectSources.inline(pod(dir));
      assertThat(inline.projectToml())
          .as("%s/juliapod.yaml projectToml", dir)
          .isEqualTo(Files.readString(CACHE.resolve(dir).resolve("Project.toml")));
      assertThat(inline.manifestToml())
          .as("%s/juliapod.yaml manifestToml", dir)
          .isEqualTo(Files.readString(CACHE.resolve(dir).resolve("Manifest.toml")));
    }
  }

  @Test
  void eachRoundsRepositoryIsANewSysimage() throws Exception {
    assertThat(plan("a", "kind-registry:5000/cache-off-1").sysimage().name())
        .isNotEqualTo(plan("a", "kind-registry:5000/cache-on-1").sysimage().name());
  }

  private static JuliaPod pod(String dir) throws Exception {
    JuliaPod pod =
        K8S.unmarshal(
            Files.readString(CACHE.resolve(dir).resolve("juliapod.yaml")), JuliaPod.class);
    pod.getMetadata().setNamespace("juliapod-e2e");
    return pod;
  }

  private static Plan plan(String dir, String repository) throws Exception {
    JuliaPod pod = pod(dir);
    if (repository != null) {
      pod.getSpec().build.repository = repository;
    }
    return Planner.plan(pod, ProjectSources.inline(pod), OperatorDefaults.builtIn());
  }
}
