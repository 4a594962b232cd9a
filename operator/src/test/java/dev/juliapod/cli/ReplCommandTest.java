package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.operator.Crds;
import dev.juliapod.operator.JuliapodOperator;
import dev.juliapod.operator.OperatorMetrics;
import dev.juliapod.operator.SimulatedCluster;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.juliapod.client.JuliaPodDraft;
import dev.juliapod.client.LocalProject;
import dev.juliapod.client.SessionSettings;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectSources;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Queue;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `juliapod repl` and its companions against the CRUD mock server, with the real operator and
 * the simulated cluster side running, and a fake kubectl on PATH that records its arguments.
 */
class ReplCommandTest {
  static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static KubernetesClient client;
  static KubernetesMockServer server;

  /** CRUD, plus expectations for what CRUD cannot answer (a build pod's log). */
  @BeforeAll
  static void serve() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
        new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    server.init();
    client = server.createClient();
  }

  @AfterAll
  static void shutDown() {
    client.close();
    server.destroy();
  }
  Operator operator;
  SimulatedCluster cluster;
  String ns;

  @TempDir
  Path tmp;
  Path project;
  Path bin;

  @BeforeEach
  void start() throws Exception {
    Crds.install(client, ROOT);
    ns = "repl-" + NAMESPACES.incrementAndGet();
    operator = JuliapodOperator.create(client,
        OperatorDefaults.builtIn().withRepository("registry.test/juliapod"), Set.of(),
        Clock.systemUTC(), new OperatorMetrics(), o -> { });
    operator.start();
    cluster = new SimulatedCluster(client);
    project = Files.createDirectories(tmp.resolve("My Analysis"));
    Files.copy(ROOT.resolve("examples/hello/Project.toml"), project.resolve("Project.toml"));
    Files.copy(ROOT.resolve("examples/hello/Manifest.toml"), project.resolve("Manifest.toml"));
    bin = fakeKubectl(0);
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
  }

  /** A kubectl that appends its arguments to bin/calls and exits with {@code exit}. */
  Path fakeKubectl(int exit) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bin"));
    Path kubectl = dir.resolve("kubectl");
    Files.writeString(kubectl, """
        #!/bin/sh
        echo "$@" >> "%s"
        if [ "$1" = port-forward ]; then echo "Forwarding from 127.0.0.1:$5"; exec /bin/sleep 30; fi
        exit %d
        """.formatted(dir.resolve("calls"), exit));
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  List<String> kubectlCalls() throws Exception {
    Path calls = bin.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  /** The commands' context: a client of the mock server, PATH with the fake kubectl. */
  Context context(Map<String, String> extraEnv) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("PATH", bin.toString(),
        "USER", "Alice Smith"));
    env.putAll(extraEnv);
    return new Context(() -> new KubernetesClientBuilder()
        .withConfig(client.getConfiguration()).build(), env, false);
  }

  Cli run(String... args) {
    return Cli.run(context(Map.of()), args);
  }

  JuliaPod get(String name) {
    return client.resources(JuliaPod.class).inNamespace(ns).withName(name).get();
  }

  @Test
  void replCreatesTheJuliaPodShowsItsPhasesAndAttachesThroughKubectl() throws Exception {
    String name = "my-analysis-alice-smith";
    JuliaPod draft = JuliaPodDraft.of(LocalProject.load(project), name, ns,
        SessionSettings.none(), null);
    String sysimage = Planner.plan(draft, ProjectSources.inline(draft),
        OperatorDefaults.builtIn().withRepository("registry.test/juliapod")).sysimage().name();
    server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + sysimage
        + "-build-x1/log?pretty=false").andReturn(200, "INFO Retrieving image julia:1.11.7\n"
        + "INFO Pushed registry.test/juliapod\n").always();

    Cli repl = run("repl", project.toString(), "-n", ns, "--port-forward", "1234:1234");

    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(repl.out()).contains("Created JuliaPod " + ns + "/" + name)
        .containsSubsequence("Building", "  | INFO Retrieving image julia:1.11.7",
            "  | INFO Pushed registry.test/juliapod", "Ready",
            "Attaching to " + ns + "/" + name + "-repl");
    assertThat(kubectlCalls()).containsExactly(
        "port-forward -n " + ns + " pod/" + name + "-repl 1234:1234",
        "attach -it -n " + ns + " " + name + "-repl -c julia");
    JuliaPod pod = get(name);
    assertThat(pod.getSpec().project.inline.manifestToml)
        .isEqualTo(Files.readString(project.resolve("Manifest.toml")));
    assertThat(pod.getStatus().phase).isEqualTo("Ready");
  }

  @Test
  void aSecondRunUpdatesTheSameJuliaPodWithoutANewBuild() throws Exception {
    assertThat(run("repl", project.toString(), "-n", ns).exit()).isZero();
    String first = get("my-analysis-alice-smith").getStatus().sysimage;

    Cli again = run("repl", project.toString(), "-n", ns, "--cpu", "2", "--memory", "6Gi",
        "--julia-args", "--optimize=0");

    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("Updated JuliaPod " + ns + "/my-analysis-alice-smith");
    JuliaPod pod = get("my-analysis-alice-smith");
    assertThat(pod.getStatus().sysimage).isEqualTo(first);
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(1);
    var session = client.pods().inNamespace(ns).withName("my-analysis-alice-smith-repl").get();
    var julia = session.getSpec().getContainers().get(0);
    assertThat(julia.getResources().getLimits()).containsEntry("memory", new Quantity("6Gi"));
    assertThat(julia.getCommand()).endsWith("--optimize=0");
  }

  @Test
  void batchCodeRunsThroughKubectlExecAndExitsWithJuliasStatus() throws Exception {
    bin = fakeKubectl(3);
    Cli repl = run("repl", project.toString(), "-n", ns, "-e", "exit(3)");
    assertThat(repl.exit()).isEqualTo(3);
    assertThat(kubectlCalls()).containsExactly("exec -n " + ns + " my-analysis-alice-smith-repl -c julia"
        + " -- julia --sysimage=/opt/juliapod/sysimage.so --project=/workspace/project -e exit(3)");
  }

  @Test
  void aFailedBuildPrintsTheReasonAndExitsOne() throws Exception {
    cluster.failWhenMemoryLimitIs("16Gi");
    Cli repl = run("repl", project.toString(), "-n", ns);
    assertThat(repl.exit()).isEqualTo(1);
    assertThat(repl.err()).contains(ns + "/my-analysis-alice-smith Failed").contains("OOMKilled")
        .contains("juliapod logs my-analysis-alice-smith --build");
    assertThat(kubectlCalls()).as("no attach after a failure").isEmpty();
  }

  @Test
  void statusStopStartAndDelete() throws Exception {
    assertThat(run("repl", project.toString(), "-n", ns).exit()).isZero();

    Cli status = run("status", "my-analysis-alice-smith", "-n", ns);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("JuliaPod " + ns + "/my-analysis-alice-smith: Ready")
        .contains("baked      DataStructures 0.19.1, Example 0.5.3, JSON3 1.14.3")
        .contains("BenchmarkTools (unpinned direct dependency)")
        .contains("attach     kubectl attach -it -n " + ns + " my-analysis-alice-smith-repl -c julia");

    assertThat(run("stop", "my-analysis-alice-smith", "-n", ns).exit()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(get("my-analysis-alice-smith").getStatus().phase).isEqualTo("Suspended");
      assertThat(client.pods().inNamespace(ns).withName("my-analysis-alice-smith-repl").get()).isNull();
    });
    assertThat(run("start", "my-analysis-alice-smith", "-n", ns).exit()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get("my-analysis-alice-smith").getStatus().phase).isEqualTo("Ready"));

    Cli delete = run("delete", "my-analysis-alice-smith", "-n", ns);
    assertThat(delete.exit()).isZero();
    assertThat(get("my-analysis-alice-smith")).isNull();
    Cli gone = run("status", "my-analysis-alice-smith", "-n", ns);
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("no JuliaPod " + ns + "/my-analysis-alice-smith");
  }

  @Test
  void badInputAndNoClusterSayWhatToDo() throws Exception {
    Files.writeString(project.resolve("Manifest.toml"), "[[deps.Example]\n");
    Cli bad = run("repl", project.toString(), "-n", ns);
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("Manifest.toml");

    Context nowhere = new Context(() -> Context.connect(Map.of(), tmp), Map.of("PATH", ""),
        false);
    Cli noCluster = Cli.run(nowhere, "status", "x");
    assertThat(noCluster.exit()).isEqualTo(1);
    assertThat(noCluster.err().strip()).isEqualTo("juliapod status: no cluster configured:"
        + " point KUBECONFIG at a kubeconfig file or create ~/.kube/config (for a local"
        + " cluster: `kind create cluster`)");
  }
}
