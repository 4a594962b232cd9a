package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Policy;
import dev.juliapod.build.BuildContext;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.objects.PlannedObjects;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a plan builds, and when it builds nothing: the rules of issue 13, without a cluster. */
class BuildPlanTest {
  static final String DATES = "Dates = \"ade2ca70-3891-5945-98fb-dc099432e06a\"\n";

  static JuliaPod unpinned(String version, boolean withDates) throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    var inline = pod.getSpec().project.inline;
    inline.manifestToml = inline.manifestToml.replace("pinned = true\n", "");
    if (withDates) {
      inline.projectToml = inline.projectToml.replace("[deps]\n", "[deps]\n" + DATES);
    }
    pod.getSpec().julia.version = version;
    return pod;
  }

  static Plan plan(JuliaPod pod) throws Exception {
    return PlanGoldenTest.plan(pod);
  }

  static List<String> args(Plan plan) {
    return KanikoJob.job(plan.sysimage(), "ns", List.of())
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getArgs();
  }

  @Test
  void nothingPinnedMeansNoBuildAndTheSessionOnTheBaseImage() throws Exception {
    Plan plan = plan(unpinned("1.11.7", false));

    assertThat(plan.sysimage()).isNull();
    assertThat(plan.prebuiltImage()).isEqualTo("julia:1.11.7@" + PlanGoldenTest.BASE_DIGEST);
    assertThat(plan.nothingToBake())
        .contains(
            "policy Pinned bakes only LinearAlgebra, already" + " in Julia 1.11's default sysimage")
        .contains("]pin DataFrames")
        .contains("spec.sysimage.policy: Registered");
    assertThat(
            PlannedObjects.all(
                plan, ProjectSources.inline(unpinned("1.11.7", false)), null, List.of()))
        .extracting(o -> o.getKind())
        .containsExactly("PersistentVolumeClaim", "ConfigMap", "Pod");
    var julia = SessionPod.of(plan, plan.prebuiltImage()).getSpec().getContainers().get(0);
    assertThat(julia.getImage()).isEqualTo(plan.prebuiltImage());
    assertThat(julia.getCommand()).noneMatch(a -> a.startsWith("--sysimage"));
  }

  /**
   * Pkg installs General into a depot without a registry whenever it instantiates (Pkg.jl
   * src/API.jl, instantiate: download_default_registries), and Pkg.precompile instantiates first; a
   * registry left in the image's depot would never be updated in sessions. So no Julia runs in the
   * build stage after the registry is removed, and it is removed.
   */
  @Test
  void theImageShipsNoRegistry() throws Exception {
    JuliaPod precompiled = PlanGoldenTest.hello();
    precompiled.getSpec().sysimage.precompileScript = "using JSON3\n";
    JuliaPod none = PlanGoldenTest.hello();
    none.getSpec().sysimage.policy = Policy.None;
    for (JuliaPod pod : List.of(PlanGoldenTest.hello(), precompiled, none)) {
      String dockerfile = BuildContext.files(plan(pod).sysimage()).get("Dockerfile");
      String build = dockerfile.substring(0, dockerfile.lastIndexOf("\nFROM "));
      int removed = build.lastIndexOf("rm -rf /opt/juliapod/depot/registries");
      assertThat(removed).as(dockerfile).isPositive();
      assertThat(build.substring(removed)).as(dockerfile).doesNotContain("julia ");
      assertThat(dockerfile.substring(dockerfile.lastIndexOf("\nFROM ")))
          .as("the image copies the build's /opt/juliapod, nothing else")
          .doesNotContain("registries")
          .doesNotContain("RUN");
    }
  }

  /** Dates is in 1.10's default sysimage, not in 1.11's (julia stdlib/stdlib.mk). */
  @Test
  void aStdlibOutsideTheDefaultSysimageIsStillBaked() throws Exception {
    Plan on111 = plan(unpinned("1.11.7", true));
    assertThat(on111.sysimage()).isNotNull();
    assertThat(on111.sysimage().strip().baked())
        .extracting(b -> b.name())
        .containsExactly("Dates", "LinearAlgebra");

    Plan on110 = plan(unpinned("1.10.5", true));
    assertThat(on110.sysimage()).isNull();
    assertThat(on110.nothingToBake())
        .contains("only Dates, LinearAlgebra, already in Julia" + " 1.10's default sysimage");

    // Before 1.10 what the default sysimage holds is not known here: build rather than guess.
    assertThat(plan(unpinned("1.9.4", false)).sysimage()).isNotNull();
  }

  @Test
  void policyNoneStillBuildsItsPrecompiledImage() throws Exception {
    JuliaPod pod = unpinned("1.11.7", false);
    pod.getSpec().sysimage.policy = Policy.None;
    Plan plan = plan(pod);
    assertThat(plan.sysimage()).isNotNull();
    assertThat(plan.sysimage().bakesSysimage()).isFalse();
    assertThat(plan.sysimage().cpuTarget()).startsWith("generic;");
  }

  @Test
  void nothingToBakeNeedsNoRepository() throws Exception {
    JuliaPod pod = unpinned("1.11.7", false);
    pod.getSpec().build.repository = null;
    assertThat(plan(pod).nothingToBake()).isNotNull();
  }

  @Test
  void theBaseDigestArchitectureAndPackageCompilerAreInTheHash() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    SysimagePlan resolved = plan(pod).sysimage();
    SysimagePlan byTag =
        Planner.plan(pod, ProjectSources.inline(pod), OperatorDefaults.builtIn()).sysimage();
    SysimagePlan other =
        Planner.plan(
                pod,
                ProjectSources.inline(pod),
                OperatorDefaults.builtIn(),
                BaseImage.resolved("julia:1.11.7", "sha256:" + "2b".repeat(32)))
            .sysimage();
    pod.getSpec().julia.arch = "arm64";
    SysimagePlan arm = plan(pod).sysimage();

    assertThat(List.of(resolved.name(), byTag.name(), other.name(), arm.name()))
        .doesNotHaveDuplicates();
    assertThat(resolved.baseImage()).isEqualTo("julia:1.11.7@" + PlanGoldenTest.BASE_DIGEST);
    assertThat(byTag.baseImage()).isEqualTo("julia:1.11.7");
    assertThat(resolved.packageCompiler()).isEqualTo("2.4.0");
    assertThat(BuildContext.files(resolved).get("Dockerfile"))
        .contains("Pkg.add(name=\"PackageCompiler\", version=\"2.4.0\")");
  }

  @Test
  void arm64GetsJuliasArmTargetsAndBothPodsGoToArmNodes() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().julia.arch = "arm64";
    Plan plan = plan(pod);

    assertThat(plan.sysimage().cpuTarget()).startsWith("generic;cortex-a57;thunderx2t99;");
    Job job = KanikoJob.job(plan.sysimage(), "ns", List.of());
    assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsEntry("kubernetes.io/arch", "arm64");
    assertThat(SessionPod.of(plan, "img").getSpec().getNodeSelector())
        .containsEntry("kubernetes.io/arch", "arm64");

    pod.getSpec().session.nodeSelector = Map.of("kubernetes.io/arch", "amd64");
    assertThatThrownBy(() -> plan(pod))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining(
            "spec.session.nodeSelector asks for kubernetes.io/arch=amd64 but"
                + " the image is built for arm64");
  }

  @Test
  void kanikoCachesInASiblingRepositoryAndPrecompilesWithTheBuildsCpus() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    assertThat(args(plan(pod)))
        .contains(
            "--cache-repo=kind-registry:5000/juliapod-cache",
            "--compressed-caching=false",
            "--build-arg=JULIA_NUM_PRECOMPILE_TASKS=2");

    pod.getSpec().build.cacheRepository = "cache.example/team/layers";
    pod.getSpec().build.resources =
        new ResourceRequirementsBuilder()
            .withRequests(Map.of("cpu", new Quantity("2500m"), "memory", new Quantity("12Gi")))
            .build();
    assertThat(args(plan(pod)))
        .contains(
            "--cache-repo=cache.example/team/layers",
            "--build-arg=JULIA_NUM_PRECOMPILE_TASKS=3",
            "--build-arg=JULIA_CPU_THREADS=3");
  }

  @Test
  void aPackageProjectGetsASourceStubInTheBuild() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().project.inline.projectToml =
        "name = \"MyAnalysis\"\n"
            + "uuid = \"d1b6e1c4-5e36-4a4f-9a2b-3c1f0d6e7a21\"\n"
            + pod.getSpec().project.inline.projectToml;
    Map<String, String> files = BuildContext.files(plan(pod).sysimage());

    assertThat(files.get("src/MyAnalysis.jl")).contains("module MyAnalysis\nend\n");
    assertThat(files.get("Dockerfile"))
        .contains("COPY src/ /opt/juliapod/project/src/\n")
        .containsSubsequence("COPY src/", "Pkg.instantiate()");
    assertThat(BuildContext.files(plan(PlanGoldenTest.hello()).sysimage()))
        .doesNotContainKey("src/MyAnalysis.jl");
  }

  @Test
  void juliaBeforePackageCompilersOldestIsRefusedWithAWayOut() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().julia.version = "1.5.4";
    assertThatThrownBy(() -> plan(pod))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("PackageCompiler, which needs Julia 1.6 or later");
    pod.getSpec().julia.version = "1.8.5";
    assertThat(plan(pod).sysimage().packageCompiler()).isEqualTo("2.1.24");
  }
}
