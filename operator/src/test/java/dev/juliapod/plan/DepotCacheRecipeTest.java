package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Policy;
import dev.juliapod.build.BuildContext;
import dev.juliapod.build.DepotCache;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.julia.DepotLayout;
import dev.juliapod.julia.ManifestReader;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The depot cache changes how a build runs, never what it builds (docs/design.md, "Depot cache").
 */
class DepotCacheRecipeTest {
  /**
   * Kaniko leaves mount points out of every snapshot by path prefix (osscontainertools/kaniko
   * pkg/util/fs_util.go, DetectFilesystemIgnoreList, CheckIgnoreList): a cache mounted inside what
   * the image keeps would take that part out of the image.
   */
  @Test
  void theVolumeIsMountedOutsideEverythingTheImageKeeps() {
    for (String kept : List.of(BuildContext.ROOT, BuildContext.DEPOT, "/opt/juliapod-build")) {
      assertThat(DepotCache.MOUNT + "/").doesNotStartWith(kept + "/");
      assertThat(kept + "/").doesNotStartWith(DepotCache.MOUNT + "/");
    }
  }

  /** The same context and executor arguments with the volume and without: the same image. */
  @Test
  void aBuildWithTheCacheDiffersFromOneWithoutOnlyByTheVolume() throws Exception {
    SysimagePlan plan = PlanGoldenTest.plan(PlanGoldenTest.hello()).sysimage();
    Job with = KanikoJob.job(plan, "ns", List.of(), true);
    Job without = KanikoJob.job(plan, "ns", List.of(), false);
    var a = with.getSpec().getTemplate().getSpec();
    var b = without.getSpec().getTemplate().getSpec();
    assertThat(a.getContainers().get(0).getArgs()).isEqualTo(b.getContainers().get(0).getArgs());
    assertThat(a.getContainers().get(0).getImage()).isEqualTo(b.getContainers().get(0).getImage());
    assertThat(a.getVolumes()).hasSize(b.getVolumes().size() + 1);
    assertThat(a.getVolumes()).containsAll(b.getVolumes());
    assertThat(with.getMetadata().getName()).isEqualTo(without.getMetadata().getName());
    assertThat(a.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().equals(DepotCache.MOUNT))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isNull());
  }

  /** Restore before Pkg and PackageCompiler work, save after, in both kinds of build. */
  @Test
  void everyStepRunsInItsPlaceWithOrWithoutASysimage() throws Exception {
    JuliaPod none = PlanGoldenTest.hello();
    none.getSpec().sysimage.policy = Policy.None;
    for (JuliaPod pod : List.of(PlanGoldenTest.hello(), none)) {
      String docker = BuildContext.files(PlanGoldenTest.plan(pod).sysimage()).get("Dockerfile");
      int restoreSources = docker.indexOf("depot-cache.jl restore-sources");
      int instantiate = docker.indexOf("Pkg.instantiate()");
      int saveSources = docker.indexOf("depot-cache.jl save-sources");
      int restoreCompiled = docker.indexOf("depot-cache.jl restore-compiled");
      int precompile = docker.indexOf(pod == none ? "Pkg.precompile()' \\" : "/build.jl \\");
      int saveCompiled = docker.indexOf("depot-cache.jl save-compiled");
      assertThat(
              List.of(
                  restoreSources,
                  instantiate,
                  saveSources,
                  restoreCompiled,
                  precompile,
                  saveCompiled))
          .as(docker)
          .doesNotContain(-1)
          .isSorted();
      assertThat(docker.indexOf("save-compiled pkgimages") >= 0)
          .as("unused restored files leave an image that keeps its compiled files")
          .isEqualTo(pod == none);
      assertThat(docker).doesNotContain("--reproducible");
      // The script has never run outside a real build: a Julia that cannot run it must not
      // fail the build, and says so in a line the operator reads as trouble.
      assertThat(docker.split("/opt/juliapod-build/depot-cache.jl ", -1))
          .hasSize(docker.split("\\|\\| echo 'juliapod-depot-cache: ", -1).length)
          .hasSizeGreaterThan(4);
    }
  }

  /** The list the script reads is the stripped Manifest's depot paths and nothing else. */
  @Test
  void theListIsTheStrippedManifestsDepotPaths() throws Exception {
    SysimagePlan plan = PlanGoldenTest.plan(PlanGoldenTest.hello()).sysimage();
    Map<String, String> files = BuildContext.files(plan);
    TomlParseResult list = Toml.parse(files.get("depot-cache.toml"));
    var manifest = ManifestReader.read(plan.strip().manifestToml(), "Manifest.toml");
    List<org.tomlj.TomlTable> packages =
        list.getArrayOrEmpty("package").toList().stream()
            .map(org.tomlj.TomlTable.class::cast)
            .toList();
    assertThat(packages)
        .extracting(t -> t.getString("dir"))
        .containsExactlyElementsOf(DepotLayout.packageDirs(manifest));
    // Each package's compiled prefix, then its extensions' directories: the Manifest's paths.
    List<String> compiled = new java.util.ArrayList<>();
    for (org.tomlj.TomlTable p : packages) {
      compiled.add(p.getString("compiled"));
      p.getArrayOrEmpty("extensions").toList().stream()
          .map(e -> "compiled/v1.11/" + e + "/")
          .forEach(compiled::add);
    }
    assertThat(compiled)
        .containsExactlyElementsOf(DepotLayout.compiledPaths(manifest, plan.julia()));
    assertThat(packages)
        .filteredOn(p -> p.getString("name").equals("JSON3"))
        .singleElement()
        .satisfies(
            p -> assertThat(p.getString("uuid")).isEqualTo("0f8b85d8-7281-11e9-16c2-39a750bddbf1"));
    assertThat(list.getString("depot")).isEqualTo(BuildContext.DEPOT);
    assertThat(list.getString("cache")).isEqualTo(DepotCache.MOUNT);
    // Stripped packages are not in it: BenchmarkTools is unpinned in hello.
    assertThat(files.get("depot-cache.toml")).doesNotContain("BenchmarkTools");
  }
}
