package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.build.BuildContext;
import dev.juliapod.objects.PlannedObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where builds live and what they may run (docs/design.md, "Central builds"), without a cluster.
 */
class BuildRulesTest {
  static final String BUILDS = "juliapod-builds";

  static OperatorDefaults central(List<String> executors, List<String> bases) {
    return OperatorDefaults.builtIn().toBuilder()
        .pushSecret("registry-push")
        .credentialsSecret("package-tokens")
        .builds(new BuildRules(BUILDS, executors, bases))
        .build();
  }

  static Plan plan(JuliaPod pod, OperatorDefaults defaults) throws Exception {
    return Planner.plan(
        pod,
        ProjectSources.inline(pod),
        defaults,
        BaseImage.resolved(Planner.baseImage(pod, defaults), PlanGoldenTest.BASE_DIGEST));
  }

  @Test
  void centralBuildsPutTheSysimageContextAndJobInTheBuildNamespaceAndTheSessionAtHome()
      throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    Plan plan = plan(pod, central(List.of(), List.of()));
    List<HasMetadata> objects =
        PlannedObjects.all(plan, ProjectSources.inline(pod), "image", List.of());

    assertThat(objects)
        .filteredOn(o -> o instanceof JuliaSysimage || o instanceof Job)
        .hasSize(2)
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(BUILDS));
    assertThat(objects)
        .filteredOn(o -> o instanceof ConfigMap)
        .extracting(o -> o.getMetadata().getName() + " in " + o.getMetadata().getNamespace())
        .contains(plan.sysimage().name() + "-context in " + BUILDS);
    assertThat(objects)
        .filteredOn(o -> o instanceof Pod)
        .singleElement()
        .satisfies(p -> assertThat(p.getMetadata().getNamespace()).isEqualTo("team-a"));
  }

  @Test
  void theSysimageIsTheSameWhateverNamespaceItsJuliaPodIsIn() throws Exception {
    JuliaPod a = PlanGoldenTest.hello();
    JuliaPod b = PlanGoldenTest.hello();
    b.getMetadata().setNamespace("team-b");
    OperatorDefaults defaults = central(List.of(), List.of());

    assertThat(plan(b, defaults).sysimage()).isEqualTo(plan(a, defaults).sysimage());
    assertThat(plan(b, defaults).buildNamespace()).isEqualTo(BUILDS);
  }

  @Test
  void centralBuildsFetchWithTheOperatorsCredentialsAndTheSessionWithItsOwn() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().julia.credentialsSecret = "my-token";
    Plan plan = plan(pod, central(List.of(), List.of()));

    assertThat(plan.sysimage().sources().credentialsSecret()).isEqualTo("package-tokens");
    assertThat(plan.sources().credentialsSecret()).isEqualTo("my-token");
  }

  /**
   * A session with its own credentials needs git in the image (the session's Pkg uses the git
   * command then), also when the operator has no credentials Secret for builds: the image is the
   * one the same JuliaPod gets per namespace, under the same name.
   */
  @Test
  void aSessionsOwnCredentialsGetGitInTheImageWithoutTheOperatorHavingAny() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().julia.credentialsSecret = "my-token";
    OperatorDefaults none =
        OperatorDefaults.builtIn().toBuilder()
            .builds(new BuildRules(BUILDS, List.of(), List.of()))
            .build();
    Plan central = plan(pod, none);
    Plan perNamespace = plan(pod, OperatorDefaults.builtIn());

    assertThat(central.sysimage().sources().credentialsSecret()).isNull();
    assertThat(central.sysimage().sources().needsGit()).isTrue();
    assertThat(central.sysimage().name()).isEqualTo(perNamespace.sysimage().name());
    assertThat(BuildContext.files(central.sysimage()).get("Dockerfile"))
        .contains("git openssh-client");
    assertThat(PlannedObjects.sysimage(central.sysimage(), BUILDS).getSpec().sessionCredentials)
        .isTrue();
    assertThat(PlannedObjects.sysimage(perNamespace.sysimage(), "team-a").getSpec())
        .satisfies(s -> assertThat(s.sessionCredentials).isNull());
  }

  @Test
  void aLayerCacheOrBuildNodesOfTheJuliaPodsOwnAreRefusedInCentralMode() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().build.cacheRepository = "evil.example/cache";
    pod.getSpec().build.nodeSelector = java.util.Map.of("pool", "mine");

    assertThatThrownBy(() -> plan(pod, central(List.of(), List.of())))
        .hasMessageContaining("spec.build.cacheRepository, spec.build.nodeSelector are not used")
        .hasMessageContaining("remove them");
    assertThat(plan(pod, OperatorDefaults.builtIn()).sysimage().cacheRepository())
        .isEqualTo("evil.example/cache");
  }

  @Test
  void aPushSecretOfTheJuliaPodsOwnIsRefusedInCentralModeOnly() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().build.pushSecret = "mine";

    assertThatThrownBy(() -> plan(pod, central(List.of(), List.of())))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("spec.build.pushSecret mine")
        .hasMessageContaining("namespace " + BUILDS)
        .hasMessageContaining("remove spec.build.pushSecret");
    assertThat(plan(pod, OperatorDefaults.builtIn()).sysimage().pushSecret()).isEqualTo("mine");
  }

  @Test
  void anExecutorImageOutsideTheListIsRefusedNamingTheList() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().build.executorImage = "evil.example/kaniko:latest";
    OperatorDefaults listed =
        OperatorDefaults.builtIn().toBuilder()
            .builds(new BuildRules(null, List.of("ghcr.io/osscontainertools/kaniko:*"), List.of()))
            .build();

    assertThatThrownBy(() -> plan(pod, listed))
        .hasMessageContaining("spec.build.executorImage evil.example/kaniko:latest is not allowed")
        .hasMessageContaining("--allowed-executor-image ghcr.io/osscontainertools/kaniko:*");
    // Without a list: any, per namespace; only the operator's own, centrally.
    assertThat(plan(pod, OperatorDefaults.builtIn()).sysimage().executorImage())
        .isEqualTo("evil.example/kaniko:latest");
    assertThatThrownBy(() -> plan(pod, central(List.of(), List.of())))
        .hasMessageContaining("only its own executor image " + OperatorDefaults.EXECUTOR_IMAGE);
    pod.getSpec().build.executorImage = "ghcr.io/osscontainertools/kaniko:v1.28.3-debug";
    assertThat(plan(pod, listed).sysimage().executorImage()).endsWith("-debug");
  }

  @Test
  void aBaseImageOutsideTheListIsRefusedBeforeAnyLookup() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    OperatorDefaults listed = central(List.of(), List.of("registry.acme.example/julia:*"));

    assertThatThrownBy(() -> Planner.allowedBaseImage(pod, listed))
        .hasMessageContaining("the base image for spec.julia.version 1.11.7 julia:1.11.7")
        .hasMessageContaining("--allowed-base-image registry.acme.example/julia:*");
    pod.getSpec().julia.image = "registry.acme.example/julia:1.11.7";
    assertThat(Planner.allowedBaseImage(pod, listed)).isEqualTo(pod.getSpec().julia.image);
  }

  @Test
  void patternsMatchAReferenceAsWrittenAndAsDockerReadsIt() {
    assertThat(BuildRules.matches(List.of("julia:*"), "julia:1.11.7")).isTrue();
    assertThat(BuildRules.matches(List.of("docker.io/library/julia:*"), "julia:1.11.7")).isTrue();
    assertThat(BuildRules.matches(List.of("docker.io/library/julia:*"), "index.docker.io/julia:1"))
        .isTrue();
    assertThat(BuildRules.matches(List.of("julia:*"), "evil.example/julia:1.11.7")).isFalse();
    assertThat(BuildRules.matches(List.of("julia:*"), "docker.io/library/julia:1.11.7"))
        .as("the pattern read as Docker reads it")
        .isTrue();
    assertThat(BuildRules.matches(List.of("julia:*"), "docker.io/library/julia-evil:1")).isFalse();
    assertThat(BuildRules.matches(List.of("localhost:5000/julia:*"), "localhost:5000/julia:1.10"))
        .isTrue();
    assertThat(
            BuildRules.matches(
                List.of("ghcr.io/acme/*"), "ghcr.io/acme/julia@sha256:" + "ab".repeat(32)))
        .isTrue();
    assertThat(BuildRules.matches(List.of("ghcr.io/acme/julia"), "ghcr.io/acme/julia:1"))
        .as("no * matches the whole reference only")
        .isFalse();
    assertThat(BuildRules.matches(List.of("a.b/c?d"), "a.b/cxd")).as("? is a character").isFalse();
  }
}
