package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaRegistry;
import dev.juliapod.build.BuildContext;
import dev.juliapod.build.GitAccess;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registries, package server, credentials and Debian packages: plan, hash and rendering. */
class PackageSourcesTest {
  private static Plan plan(JuliaPod pod, OperatorDefaults defaults) throws Exception {
    return Planner.plan(
        pod,
        ProjectSources.inline(pod),
        defaults,
        BaseImage.resolved(Planner.baseImage(pod, defaults), PlanGoldenTest.BASE_DIGEST));
  }

  private static Plan plan(JuliaPod pod) throws Exception {
    return plan(pod, OperatorDefaults.builtIn());
  }

  @Test
  void registriesPackageServerAndSystemPackagesChangeTheImageButCredentialsDoNot()
      throws Exception {
    String plain = plan(PlanGoldenTest.hello()).sysimage().name();
    JuliaPod registry = PlanGoldenTest.hello();
    registry.getSpec().julia.registries =
        List.of(new JuliaRegistry("https://git.acme.example/AcmeRegistry.git", null));
    JuliaPod server = PlanGoldenTest.hello();
    server.getSpec().julia.pkgServer = "https://pkg.acme.example";
    JuliaPod apt = PlanGoldenTest.hello();
    apt.getSpec().build.systemPackages = List.of("libgomp1");
    assertThat(List.of(registry, server, apt))
        .extracting(p -> plan(p).sysimage().name())
        .doesNotContain(plain)
        .doesNotHaveDuplicates();

    JuliaPod alice = PlanGoldenTest.privatePackages();
    JuliaPod bob = PlanGoldenTest.privatePackages();
    bob.getSpec().julia.credentialsSecret = "bobs-token";
    assertThat(plan(bob).sysimage().name())
        .as("two teams with different tokens share the image")
        .isEqualTo(plan(alice).sysimage().name());
    assertThat(plan(bob).sysimage().sources().credentialsSecret()).isEqualTo("bobs-token");
  }

  @Test
  void aPlanWithoutTheseSettingsKeepsItsImageName() throws Exception {
    // As the golden hello/Dockerfile records it from before these settings existed:
    // upgrading the operator rebuilds nothing.
    assertThat(plan(PlanGoldenTest.hello()).sysimage().name()).isEqualTo("jsi-867fd839de24fbe1");
  }

  @Test
  void systemPackagesAreSortedOnceAndTheOrderDoesNotMatter() throws Exception {
    JuliaPod a = PlanGoldenTest.hello();
    a.getSpec().build.systemPackages = List.of("libhdf5-dev", "libgomp1", "libgomp1");
    JuliaPod b = PlanGoldenTest.hello();
    b.getSpec().build.systemPackages = List.of("libgomp1", "libhdf5-dev");
    assertThat(plan(a).sysimage().sources().systemPackages())
        .containsExactly("libgomp1", "libhdf5-dev");
    assertThat(plan(a).sysimage().name()).isEqualTo(plan(b).sysimage().name());
  }

  @Test
  void badValuesNameTheFieldAndWhatToWrite() throws Exception {
    JuliaPod apt = PlanGoldenTest.hello();
    apt.getSpec().build.systemPackages = List.of("libfoo; rm -rf /");
    assertThatThrownBy(() -> plan(apt))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("spec.build.systemPackages: libfoo; rm -rf / is not a Debian");
    JuliaPod option = PlanGoldenTest.hello();
    option.getSpec().build.systemPackages = List.of("--allow-unauthenticated");
    assertThatThrownBy(() -> plan(option)).hasMessageContaining("is not a Debian package name");

    JuliaPod registry = PlanGoldenTest.hello();
    registry.getSpec().julia.registries =
        List.of(new JuliaRegistry("https://x.example/R.git'); run(`id`); #", null));
    assertThatThrownBy(() -> plan(registry))
        .hasMessageContaining("spec.julia.registries[0].url")
        .hasMessageContaining("is not a git URL");

    JuliaPod server = PlanGoldenTest.hello();
    server.getSpec().julia.pkgServer = "pkg.acme.example";
    assertThatThrownBy(() -> plan(server)).hasMessageContaining("spec.julia.pkgServer");
    // It goes into a RUN line and an ENV: nothing a shell or the Dockerfile would read.
    for (String bad : List.of("https://x;$(id)", "https://mirror?a=1&b=2", "https://x`id`")) {
      server.getSpec().julia.pkgServer = bad;
      assertThatThrownBy(() -> plan(server)).hasMessageContaining("spec.julia.pkgServer " + bad);
    }
  }

  @Test
  void theOperatorsRegistriesComeFirstAndEachUrlOnce() throws Exception {
    OperatorDefaults defaults =
        OperatorDefaults.builtIn().toBuilder()
            .juliaRegistries(List.of("git@git.acme.example:acme/Company.git"))
            .pkgServer("https://pkg.acme.example")
            .credentialsSecret("team-credentials")
            .build();
    JuliaPod pod = PlanGoldenTest.hello();
    pod.getSpec().julia.registries =
        List.of(
            new JuliaRegistry("https://git.acme.example/Team.git", "Team"),
            new JuliaRegistry("git@git.acme.example:acme/Company.git", "Company"));
    PackageSources sources = plan(pod, defaults).sources();
    assertThat(sources.registries())
        .extracting(r -> r.url)
        .containsExactly(
            "git@git.acme.example:acme/Company.git", "https://git.acme.example/Team.git");
    assertThat(sources.pkgServer()).isEqualTo("https://pkg.acme.example");
    assertThat(sources.credentialsSecret()).isEqualTo("team-credentials");

    pod.getSpec().julia.pkgServer = "https://mirror.team.example";
    pod.getSpec().julia.credentialsSecret = "mine";
    assertThat(plan(pod, defaults).sources().pkgServer()).isEqualTo("https://mirror.team.example");
    assertThat(plan(pod, defaults).sources().credentialsSecret()).isEqualTo("mine");
  }

  @Test
  void debianPackagesOrGitNeedAnImageEvenWithNothingToBake() throws Exception {
    JuliaPod nothing = BuildPlanTest.unpinned("1.11.7", false);
    assertThat(plan(nothing).prebuilt()).isTrue();
    nothing.getSpec().build.systemPackages = List.of("libgomp1");
    Plan apt = plan(nothing);
    assertThat(apt.prebuilt()).isFalse();
    assertThat(apt.sysimage().bakesSysimage()).isFalse();
    assertThat(BuildContext.files(apt.sysimage()).get("Dockerfile"))
        .contains("apt-get install -y --no-install-recommends -- libgomp1");

    JuliaPod git = BuildPlanTest.unpinned("1.11.7", false);
    git.getSpec().julia.credentialsSecret = "julia-credentials";
    assertThat(plan(git).prebuilt()).isFalse();
  }

  @Test
  void theSessionGetsTheRegistriesServerAndGitEnvironment() throws Exception {
    Plan plan = plan(PlanGoldenTest.privatePackages());
    Pod pod = SessionPod.of(plan, "r/x@sha256:" + "0".repeat(64));
    List<EnvVar> env = pod.getSpec().getInitContainers().get(0).getEnv();
    assertThat(env)
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "JULIAPOD_REGISTRIES", "git@github.com:acme/AcmeRegistry.git"),
            org.assertj.core.groups.Tuple.tuple(
                "JULIA_PKG_SERVER", "https://pkg.acme.example:8443/julia"),
            org.assertj.core.groups.Tuple.tuple("JULIA_PKG_USE_CLI_GIT", "true"));
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> GitAccess.VOLUME.equals(m.getName()))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
  }

  @Test
  void pkgServerAuthLiesWherePkgLooksForIt() {
    // Pkg.jl src/PlatformEngines.jl, get_server_dir: the authority, : and / as _.
    assertThat(GitAccess.serverDir("https://pkg.acme.example:8443/julia/"))
        .isEqualTo("servers/pkg.acme.example_8443");
    assertThat(GitAccess.serverDir("https://pkg.julialang.org"))
        .isEqualTo("servers/pkg.julialang.org");
  }

  @Test
  void theBuildNamesTheCredentialsByPathAndNeverCopiesThem() throws Exception {
    Plan plan = plan(PlanGoldenTest.privatePackages());
    Map<String, String> files = BuildContext.files(plan.sysimage());
    assertThat(files.keySet())
        .as("the build context holds no credentials")
        .containsExactlyInAnyOrder(
            "Dockerfile",
            "Project.toml",
            "Manifest.toml",
            "baked.toml",
            "build.jl",
            "depot-cache.jl",
            "depot-cache.toml",
            "git-credential.sh");
    for (String line : files.get("Dockerfile").split("\n")) {
      if (line.contains(GitAccess.CREDENTIALS)) {
        assertThat(line)
            .as("only the git environment and the token links name the mount")
            .matches(
                "    GIT_SSH_COMMAND=.*| && ln -sf "
                    + GitAccess.CREDENTIALS
                    + "/auth.toml /opt/juliapod(-build)?/depot/servers/[^ ]+/auth.toml( \\\\)?");
      }
      assertThat(line).doesNotStartWith("ADD");
      if (line.startsWith("COPY")) {
        assertThat(line).doesNotContain("credentials", "auth.toml", ".ssh");
      }
    }
    assertThat(files.get("git-credential.sh"))
        .contains("[ \"$1\" = get ] || exit 0")
        .contains("credential-store --file=\"$f\" get");
  }

  @Test
  void aUsersOwnImageGetsTheSecretAndRegistriesButNotTheGitCommand() throws Exception {
    JuliaPod own = PlanGoldenTest.privatePackages();
    own.getSpec().image = "ghcr.io/team/julia:1.11";
    Plan plan = plan(own);
    Pod pod = SessionPod.of(plan, own.getSpec().image);
    List<EnvVar> env = pod.getSpec().getInitContainers().get(0).getEnv();
    assertThat(env).extracting(EnvVar::getName).contains("JULIAPOD_REGISTRIES", "JULIA_PKG_SERVER");
    assertThat(env)
        .extracting(EnvVar::getName)
        .as("the image may have no git: Pkg keeps LibGit2")
        .doesNotContain("JULIA_PKG_USE_CLI_GIT", "GIT_SSH_COMMAND");
    assertThat(pod.getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getSecret() != null && "julia-credentials".equals(v.getSecret().getSecretName()));
  }
}
