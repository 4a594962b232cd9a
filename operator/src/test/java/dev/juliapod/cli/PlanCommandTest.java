package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** `juliapod plan` on the examples and on broken resources. */
class PlanCommandTest {
  static final Path EXAMPLES =
      Path.of(System.getProperty("basedir", ".")).resolve("../examples").normalize();
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @TempDir Path tmp;

  @Test
  void helloPlansEveryObjectTheOperatorCreates() {
    Cli run = Cli.run("plan", EXAMPLES.resolve("hello/juliapod.yaml").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<HasMetadata> objects = YAML.unmarshal(run.out());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly(
            "JuliaSysimage",
            "ConfigMap",
            "Job",
            "Secret",
            "PersistentVolumeClaim",
            "ConfigMap",
            "Pod");
    assertThat(objects)
        .extracting(o -> o.getMetadata().getName())
        .contains("hello-repl", "hello-workspace", "hello-session");
    assertThat(objects.get(0).getMetadata().getName()).matches("jsi-[0-9a-f]{16}");
    assertThat(run.out())
        .contains("--destination=kind-registry:5000/juliapod:")
        .contains("#   stripped BenchmarkTools: unpinned direct dependency")
        .doesNotContain("pushSecret");
  }

  /** The cluster cookie's Secret without a value; with workers, their objects after the session. */
  @Test
  void workersArePlannedAfterTheSessionAndTheCookieHasNoValue() {
    Cli run = Cli.run("plan", EXAMPLES.resolve("workers/juliapod.yaml").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<HasMetadata> objects = YAML.unmarshal(run.out());
    assertThat(objects.subList(3, objects.size()))
        .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
        .containsExactly(
            "Secret sweep-cluster-cookie",
            "PersistentVolumeClaim sweep-workspace",
            "ConfigMap sweep-session",
            "Pod sweep-repl",
            "Service sweep-workers",
            "NetworkPolicy sweep-workers",
            "Pod sweep-worker-0",
            "Pod sweep-worker-1",
            "Pod sweep-worker-2",
            "Pod sweep-worker-3");
    assertThat(((io.fabric8.kubernetes.api.model.Secret) objects.get(3)).getData()).isNullOrEmpty();
    assertThat(run.out()).doesNotContain("cookie:");
    assertThat(run.out())
        .contains("#   workers: 4 Distributed.jl worker pods (sweep-worker-0 to sweep-worker-3)");
  }

  /**
   * With central builds a JuliaPod may not place its build: the operator's build nodes and their
   * taint apply, in the form the chart passes them (ChartTest).
   */
  @Test
  void centralBuildsPlaceBuildPodsOnTheOperatorsBuildNodes() {
    Cli run =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--build-namespace",
            "juliapod-builds",
            "--build-node-selector",
            "pool=builds,tier=batch",
            "--build-tolerations",
            "[{\"effect\":\"NoSchedule\",\"key\":\"builds\",\"operator\":\"Exists\"}]");
    assertThat(run.exit()).as(run.err()).isZero();
    List<HasMetadata> objects = YAML.unmarshal(run.out());
    var job =
        objects.stream()
            .filter(o -> o instanceof io.fabric8.kubernetes.api.model.batch.v1.Job)
            .map(o -> (io.fabric8.kubernetes.api.model.batch.v1.Job) o)
            .findFirst()
            .orElseThrow();
    assertThat(job.getMetadata().getNamespace()).isEqualTo("juliapod-builds");
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector())
        .containsEntry("pool", "builds")
        .containsEntry("tier", "batch")
        .containsEntry("kubernetes.io/arch", "amd64");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(
            t -> assertThat(t.getKey() + " " + t.getEffect()).isEqualTo("builds NoSchedule"));

    Cli cached =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--build-namespace",
            "juliapod-builds",
            "--build-cache-size",
            "20Gi",
            "--build-cache-access-mode",
            "ReadWriteMany",
            "--build-cache-storage-class",
            "nfs");
    assertThat(cached.exit()).as(cached.err()).isZero();
    List<HasMetadata> withCache = YAML.unmarshal(cached.out());
    var claim =
        withCache.stream()
            .filter(o -> o instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim)
            .map(o -> (io.fabric8.kubernetes.api.model.PersistentVolumeClaim) o)
            .filter(c -> c.getMetadata().getName().equals("juliapod-depot-cache"))
            .findFirst()
            .orElseThrow();
    assertThat(claim.getMetadata().getNamespace()).isEqualTo("juliapod-builds");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("nfs");
    assertThat(cached.out()).contains("mountPath: \"/juliapod-cache\"");
    for (String[] wrong :
        List.of(
            new String[] {"--build-cache-access-mode", "ReadWriteSometimes"},
            new String[] {"--build-cache-size", "lots"})) {
      Cli refused =
          Cli.run("plan", EXAMPLES.resolve("hello/juliapod.yaml").toString(), wrong[0], wrong[1]);
      assertThat(refused.exit()).isEqualTo(2);
      assertThat(refused.err()).contains(wrong[0] + " '" + wrong[1] + "'");
    }

    Cli bad =
        Cli.run(
            "plan", EXAMPLES.resolve("hello/juliapod.yaml").toString(), "--build-tolerations", "{");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("--build-tolerations is not a JSON list of tolerations");
  }

  @Test
  void aProjectThatPinsNothingPlansNoBuildAndSaysHowToGetOne() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("plain"));
    Files.copy(EXAMPLES.resolve("hello/Project.toml"), dir.resolve("Project.toml"));
    Files.writeString(
        dir.resolve("Manifest.toml"),
        Files.readString(EXAMPLES.resolve("hello/Manifest.toml")).replace("pinned = true\n", ""));

    Cli run =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--project",
            dir.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "policy pinned, no sysimage\n#   policy Pinned bakes only"
                + " LinearAlgebra, already in Julia 1.11's default sysimage")
        .contains("Pkg.pin");
    assertThat(YAML.<List<HasMetadata>>unmarshal(run.out()))
        .extracting(HasMetadata::getKind)
        .containsExactly("Secret", "PersistentVolumeClaim", "ConfigMap", "Pod");
  }

  /** The JuliaPod's Julia picks the Manifest from the folder, as Julia's loader would. */
  @Test
  void aFolderIsReadForTheJuliaPodsVersion() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("versioned"));
    Files.copy(EXAMPLES.resolve("hello/Project.toml"), dir.resolve("Project.toml"));
    Files.writeString(dir.resolve("Manifest.toml"), "this is not TOML [");
    Files.copy(EXAMPLES.resolve("hello/Manifest.toml"), dir.resolve("Manifest-v1.11.toml"));

    Cli run =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--project",
            dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();

    Cli strip = Cli.run("strip", dir.toString(), "--julia-version", "1.10.7");
    assertThat(strip.exit()).isEqualTo(2);
    assertThat(strip.err()).contains("Manifest.toml:1");
    assertThat(Cli.run("strip", dir.toString(), "--julia-version", "1.10.8").err())
        .contains("Manifest.toml:1"); // no Manifest-v1.10.toml here
    assertThat(Cli.run("strip", dir.toString(), "--julia-version", "1.11.7").exit()).isZero();
    assertThat(Cli.run("strip", dir.toString()).exit()).isZero(); // the newest versioned one
  }

  @Test
  void aPrebuiltImagePlansOnlyTheSession() throws Exception {
    String yaml =
        Files.readString(EXAMPLES.resolve("hello/juliapod.yaml"))
            .replaceAll("(?m)^  build:\\n(    .*\\n)+", "")
            .replace("spec:\n", "spec:\n  image: ghcr.io/team/julia-ml:1.10\n");
    Path file = Files.writeString(tmp.resolve("prebuilt.yaml"), yaml);
    Cli run = Cli.run("plan", file.toString(), "--repository=");
    assertThat(run.exit()).as(run.err()).isZero();
    List<HasMetadata> objects = YAML.unmarshal(run.out());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("Secret", "PersistentVolumeClaim", "ConfigMap", "Pod");
    assertThat(run.out())
        .startsWith(
            "# JuliaPod default/hello: prebuilt image"
                + " ghcr.io/team/julia-ml:1.10, nothing built or stripped")
        .contains("image: \"ghcr.io/team/julia-ml:1.10\"");
    Pod session = (Pod) objects.get(3);
    assertThat(session.getSpec().getInitContainers().get(0).getCommand())
        .noneMatch(a -> a.startsWith("--sysimage"));
    assertThat(session.getSpec().getContainers().get(0).getCommand())
        .noneMatch(a -> a.startsWith("--sysimage"));

    Path blank =
        Files.writeString(
            tmp.resolve("blank.yaml"),
            yaml.replace("image: ghcr.io/team/julia-ml:1.10", "image: \"ghcr.io/team/julia ml\""));
    Cli bad = Cli.run("plan", blank.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err())
        .contains("spec.image \"ghcr.io/team/julia ml\" is not an image" + " reference");
  }

  @Test
  void inlineProjectIsTheFolderBesideIt() throws Exception {
    JuliaPod pod =
        YAML.unmarshal(Files.readString(EXAMPLES.resolve("hello/juliapod.yaml")), JuliaPod.class);
    assertThat(pod.getSpec().project.inline.projectToml)
        .isEqualTo(Files.readString(EXAMPLES.resolve("hello/Project.toml")));
    assertThat(pod.getSpec().project.inline.manifestToml)
        .isEqualTo(Files.readString(EXAMPLES.resolve("hello/Manifest.toml")));
  }

  @Test
  void sameProjectFromAFolderPlansTheSameSysimage() {
    Cli inline = Cli.run("plan", EXAMPLES.resolve("hello/juliapod.yaml").toString());
    Cli folder =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--project",
            EXAMPLES.resolve("hello").toString());
    assertThat(folder.exit()).as(folder.err()).isZero();
    assertThat(YAML.<List<HasMetadata>>unmarshal(folder.out()).get(0).getMetadata().getName())
        .isEqualTo(YAML.<List<HasMetadata>>unmarshal(inline.out()).get(0).getMetadata().getName());
  }

  static List<Path> exampleJuliaPods() throws Exception {
    List<Path> pods = new ArrayList<>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (Pattern.compile("(?m)^kind: JuliaPod$").matcher(Files.readString(file)).find()) {
          pods.add(file);
        }
      }
    }
    return pods;
  }

  /** What the README tells users to run on an example works on every one, as written. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleJuliaPods")
  void everyExampleJuliaPodPlansWithoutFlags(Path file) {
    Cli run = Cli.run("plan", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(YAML.<List<HasMetadata>>unmarshal(run.out()))
        .extracting(HasMetadata::getKind)
        .contains("ConfigMap", "Pod");
  }

  /** kustomize builds the ConfigMap from the files beside the JuliaPod, so plan reads those. */
  @ParameterizedTest
  @ValueSource(strings = {"alice", "bob"})
  void aConfigMapJuliaPodPlansWithTheFolderBesideIt(String name) throws Exception {
    Path team = EXAMPLES.resolve("team");
    Cli run = Cli.run("plan", team.resolve(name + ".yaml").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("# JuliaPod default/" + name + ": policy pinned")
        .contains(
            "\n#   ConfigMap team-project (spec.project.configMapRef) not read: planned"
                + " with "
                + team.resolve("Project.toml")
                + " and "
                + team.resolve("Manifest.toml"));
    List<HasMetadata> objects = YAML.unmarshal(run.out());
    ConfigMap session =
        objects.stream()
            .filter(o -> o.getMetadata().getName().equals(name + "-session"))
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(session.getData())
        .containsEntry("Project.toml", Files.readString(team.resolve("Project.toml")))
        .containsEntry("Manifest.toml", Files.readString(team.resolve("Manifest.toml")));

    Cli folder =
        Cli.run("plan", team.resolve(name + ".yaml").toString(), "--project", team.toString());
    assertThat(folder.out()).doesNotContain("not read: planned with");
    assertThat(objects.get(0).getMetadata().getName())
        .isEqualTo(YAML.<List<HasMetadata>>unmarshal(folder.out()).get(0).getMetadata().getName());
  }

  @Test
  void aConfigMapJuliaPodWithoutItsFilesNeedsProjectDir() throws Exception {
    Path alice = Files.copy(EXAMPLES.resolve("team/alice.yaml"), tmp.resolve("alice.yaml"));
    Cli run = Cli.run("plan", alice.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "juliapod plan: "
                + alice
                + ": ConfigMap team-project"
                + " (spec.project.configMapRef) cannot be read without a cluster, and "
                + tmp
                + " holds no Project.toml to stand in for it: pass --project DIR with the folder"
                + " holding its Project.toml and Manifest.toml\n");

    Cli given = Cli.run("plan", alice.toString(), "--project", EXAMPLES.resolve("team").toString());
    assertThat(given.exit()).as(given.err()).isZero();
  }

  @Test
  void operatorSettingsReachTheBuild() {
    Cli run =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--julia-image",
            "mirror.example/julia:{version}-bookworm",
            "--executor-image",
            "mirror.example/kaniko:v1.23.2",
            "--insecure-registry",
            "kind-registry:5000,localhost:5001");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("#   FROM mirror.example/julia:1.11.7-bookworm AS build")
        .contains(
            "#   base image mirror.example/julia:1.11.7-bookworm: not looked up:"
                + " planned offline")
        .contains("image: \"mirror.example/kaniko:v1.23.2\"")
        .contains("--insecure-registry=kind-registry:5000")
        .contains("--insecure-registry=localhost:5001");
  }

  @Test
  void theOperatorsArchitectureAndCacheRepositoryReachTheBuild() {
    Cli run =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--arch",
            "arm64",
            "--cache-repository",
            "cache.example/layers");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("--cache-repo=cache.example/layers")
        .contains("kubernetes.io/arch: \"arm64\"")
        .contains("cortex-a57");
    Cli bad = Cli.run("plan", EXAMPLES.resolve("hello/juliapod.yaml").toString(), "--arch", "x86");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--arch 'x86': choose one of amd64, arm64");
  }

  @Test
  void theOperatorsBuildAndSessionResourcesAndPullSecretsReachThePods() {
    Cli run =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--build-memory",
            "3Gi",
            "--build-memory-limit",
            "6Gi",
            "--session-memory-limit",
            "5Gi",
            "--session-cpu-limit",
            "3",
            "--image-pull-secret",
            "team-pull",
            "--push-secret",
            "registry-push");
    assertThat(run.exit()).as(run.err()).isZero();
    List<HasMetadata> objects = YAML.unmarshal(run.out());
    var kaniko =
        objects.stream()
            .filter(o -> o instanceof io.fabric8.kubernetes.api.model.batch.v1.Job)
            .map(o -> (io.fabric8.kubernetes.api.model.batch.v1.Job) o)
            .findFirst()
            .orElseThrow()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(kaniko.getResources().getRequests().get("memory").toString()).isEqualTo("3Gi");
    assertThat(kaniko.getResources().getLimits().get("memory").toString()).isEqualTo("6Gi");
    Pod session =
        objects.stream().filter(o -> o instanceof Pod).map(o -> (Pod) o).findFirst().orElseThrow();
    var julia = session.getSpec().getContainers().get(0);
    assertThat(julia.getResources().getLimits().get("memory").toString()).isEqualTo("5Gi");
    assertThat(julia.getEnv())
        .anyMatch(
            e -> e.getName().equals("JULIA_NUM_PRECOMPILE_TASKS") && e.getValue().equals("3"));
    assertThat(session.getSpec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("team-pull");

    Cli bad =
        Cli.run(
            "plan", EXAMPLES.resolve("hello/juliapod.yaml").toString(), "--session-memory", "lots");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--session-memory 'lots' is not a Kubernetes quantity");
  }

  /** The operator's default timeout shows in the header and brings the listener into the pod. */
  @Test
  void theIdleTimeoutShowsAndABadOneIsRefused() {
    Cli run =
        Cli.run("plan", EXAMPLES.resolve("hello/juliapod.yaml").toString(), "--idle-timeout", "2h");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("#   idle culling: the session pod is stopped after 2h without REPL input")
        .contains("/etc/juliapod/session/activity-server.jl");
    Cli none = Cli.run("plan", EXAMPLES.resolve("hello/juliapod.yaml").toString());
    assertThat(none.out()).doesNotContain("#   idle culling:", "/activity-server.jl\"");
    Cli bad =
        Cli.run("plan", EXAMPLES.resolve("hello/juliapod.yaml").toString(), "--idle-timeout", "2");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--idle-timeout '2' is not a duration");
  }

  @Test
  void aJuliaImageWithoutVersionIsRefused() {
    Cli run =
        Cli.run(
            "plan",
            EXAMPLES.resolve("hello/juliapod.yaml").toString(),
            "--julia-image",
            "julia:latest");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--julia-image 'julia:latest' has no {version}");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badResourcesExitTwoAndSayWhatIsWrong() throws Exception {
    String hello = Files.readString(EXAMPLES.resolve("hello/juliapod.yaml"));
    Path longName = tmp.resolve("long.yaml");
    Files.writeString(longName, hello.replace("name: hello", "name: " + "h".repeat(60)));
    Cli run = Cli.run("plan", longName.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "metadata.name \""
                + "h".repeat(60)
                + "\" is 60 characters;"
                + " JuliaPod names can have at most 53");

    Path noRepo = tmp.resolve("norepo.yaml");
    Files.writeString(noRepo, hello.replace("    repository: kind-registry:5000/juliapod\n", ""));
    assertThat(Cli.run("plan", noRepo.toString()).err())
        .contains("spec.build.repository is not set");
    assertThat(Cli.run("plan", noRepo.toString(), "--repository", "r.example/jp").exit()).isZero();

    Path badManifest = tmp.resolve("bad.yaml");
    Files.writeString(
        badManifest, hello.replace("        [[deps.Example]]", "        [[deps.Example]"));
    Cli bad = Cli.run("plan", badManifest.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("spec.project.inline.manifestToml:", "not valid TOML");

    Path notJuliaPod = tmp.resolve("cm.yaml");
    Files.writeString(notJuliaPod, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    assertThat(Cli.run("plan", notJuliaPod.toString()).err())
        .contains("expected `apiVersion: juliapod.dev/v1alpha1`, `kind: JuliaPod`");
  }
}
