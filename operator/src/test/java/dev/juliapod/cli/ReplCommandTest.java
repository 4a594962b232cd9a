package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.client.JuliaPodDraft;
import dev.juliapod.client.LocalProject;
import dev.juliapod.client.SessionSettings;
import dev.juliapod.operator.SimulatedKubelet;
import dev.juliapod.operator.TestBases;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `juliapod repl` and its companions: status, logs, stop, start, delete. */
class ReplCommandTest extends SessionCommandTest {

  @Test
  void replCreatesTheJuliaPodShowsItsPhasesAndAttachesThroughKubectl() throws Exception {
    String name = "my-analysis-alice-smith";
    Files.createDirectories(project.resolve("src"));
    Files.writeString(project.resolve("src/MyAnalysis.jl"), "module MyAnalysis\nend\n");
    Files.createDirectories(project.resolve(".git"));
    Files.writeString(project.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.createDirectories(savedHistory(name).getParent());
    Files.writeString(savedHistory(name), "# time: before\n\tx = 1\n");
    JuliaPod draft =
        JuliaPodDraft.of(LocalProject.load(project), name, ns, SessionSettings.none(), null);
    String sysimage = TestBases.plan(draft, DEFAULTS).sysimage().name();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + ns + "/pods/" + sysimage + "-build-x1/log?pretty=false")
        .andReturn(
            200, "INFO Retrieving image julia:1.11.7\n" + "INFO Pushed registry.test/juliapod\n")
        .always();

    Cli repl = run("repl", project.toString(), "-n", ns, "--port-forward", "1234:1234");

    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(repl.out())
        .contains("Created JuliaPod " + ns + "/" + name)
        .containsSubsequence(
            "Building",
            "  | INFO Retrieving image julia:1.11.7",
            "  | INFO Pushed registry.test/juliapod",
            "Ready",
            "Synced " + ns + "/" + name + "-repl:/workspace/project: 3 copied, 0 deleted",
            "  + src/MyAnalysis.jl",
            "Attaching to " + ns + "/" + name + "-repl");
    assertThat(kubectlCalls())
        .containsExactly(
            "port-forward -n " + ns + " pod/" + name + "-repl 1234:1234",
            "attach -it -n " + ns + " " + name + "-repl -c julia");
    JuliaPod pod = get(name);
    assertThat(pod.getSpec().project.inline.manifestToml)
        .isEqualTo(Files.readString(project.resolve("Manifest.toml")));
    assertThat(pod.getStatus().phase).isEqualTo("Ready");
    // The folder is in the workspace, tooling folders are not; the history went in before
    // attaching and came back with what was typed in the REPL.
    assertThat(remote("src/MyAnalysis.jl")).hasContent("module MyAnalysis\nend");
    assertThat(remote(".git")).doesNotExist();
    assertThat(session.resolve("workspace/repl_history.jl"))
        .hasContent("# time: before\n\tx = 1\n# time: now\n\tusing Example");
    assertThat(savedHistory(name))
        .hasSameTextualContentAs(session.resolve("workspace/repl_history.jl"));
  }

  @Test
  void aSessionThatCannotStartEndsReplWithItsReasonAndLogTail() throws Exception {
    cluster.runSessions(
        SimulatedKubelet.prepareFails(
            1,
            "   Installing Foo\n"
                + "ERROR: LoadError: Unsatisfiable requirements detected for package Foo"));
    Cli repl = run("repl", project.toString(), "-n", ns, "--timeout", "PT60S");

    assertThat(repl.exit()).isEqualTo(1);
    assertThat(repl.err())
        .contains(
            "Failed",
            "exited with code 1",
            "Unsatisfiable requirements detected for package Foo",
            "juliapod logs my-analysis-alice-smith --prepare");
    assertThat(kubectlCalls()).as("nothing to attach to").isEmpty();
  }

  @Test
  void noSyncLeavesTheWorkspaceAlone() throws Exception {
    Files.writeString(project.resolve("notes.jl"), "1 + 1\n");
    Cli repl = run("repl", project.toString(), "-n", ns, "--no-sync");
    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(repl.out()).doesNotContain("Synced");
    assertThat(allKubectlCalls())
        .containsExactly("attach -it -n " + ns + " my-analysis-alice-smith-repl -c julia");
    assertThat(remote("notes.jl")).doesNotExist();
    assertThat(savedHistory("my-analysis-alice-smith")).doesNotExist();
  }

  @Test
  void aProjectThatPinsNothingStartsOnTheBaseImageAndSaysHowToBake() throws Exception {
    Files.writeString(
        project.resolve("Manifest.toml"),
        Files.readString(project.resolve("Manifest.toml")).replace("pinned = true\n", ""));
    Cli repl = run("repl", project.toString(), "-n", ns, "--no-sync");
    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(repl.out())
        .doesNotContain("Building")
        .contains("No sysimage: policy Pinned bakes only LinearAlgebra")
        .contains("Pkg.pin");
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(run("status", "my-analysis-alice-smith", "-n", ns).out())
        .contains("(the base image: nothing to bake)")
        .contains("SysimageReady True (NothingToBake)");
  }

  @Test
  void aPrebuiltImageStartsWithoutABuild() throws Exception {
    Cli repl = run("repl", project.toString(), "-n", ns, "--image", "ghcr.io/team/julia:1.11");
    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(repl.out()).doesNotContain("Building");
    JuliaPod pod = get("my-analysis-alice-smith");
    assertThat(pod.getSpec().image).isEqualTo("ghcr.io/team/julia:1.11");
    assertThat(pod.getStatus().image).isEqualTo("ghcr.io/team/julia:1.11");
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.resources(JuliaSysimage.class).inNamespace(ns).list().getItems()).isEmpty();
    assertThat(run("status", "my-analysis-alice-smith", "-n", ns).out())
        .contains("image      ghcr.io/team/julia:1.11 (prebuilt)");

    // Still prebuilt on the next run without the flag; --image= goes back to building.
    assertThat(run("repl", project.toString(), "-n", ns).exit()).isZero();
    assertThat(get("my-analysis-alice-smith").getSpec().image).isEqualTo("ghcr.io/team/julia:1.11");
    Cli build = run("repl", project.toString(), "-n", ns, "--image=");
    assertThat(build.exit()).as(build.err()).isZero();
    assertThat(get("my-analysis-alice-smith").getStatus().image)
        .startsWith("registry.test/juliapod@sha256:");
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(1);
  }

  @Test
  void privateRegistriesAndCredentialsPassThroughAndWhatIsMissingIsSaid() throws Exception {
    Path example = ROOT.resolve("examples/private-registry");
    Files.copy(
        example.resolve("Project.toml"),
        project.resolve("Project.toml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        example.resolve("Manifest.toml"),
        project.resolve("Manifest.toml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    // This machine's depot has the company registry, as Pkg.Registry.add(url=...) leaves it.
    Path registry = Files.createDirectories(tmp.resolve("depot/registries/AcmeRegistry"));
    Files.writeString(
        registry.resolve("Registry.toml"),
        "name = \"AcmeRegistry\"\nrepo = \"git@github.com:acme/AcmeRegistry.git\"\n\n[packages]\n"
            + "1b7e9f3c-4d2a-4e8b-8c61-5f0a3d9e2b74 = { name = \"AcmeUtils\", path = \"A/AcmeUtils\" }\n");
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("julia-credentials")
                .withNamespace(ns)
                .withLabels(java.util.Map.of("juliapod.dev/credentials", "true"))
                .endMetadata()
                .withStringData(java.util.Map.of(".git-credentials", "https://x:t@github.com\n"))
                .build())
        .create();
    var env = java.util.Map.of("JULIA_DEPOT_PATH", tmp.resolve("depot").toString());

    Cli first =
        Cli.run(
            context(env),
            "repl",
            project.toString(),
            "-n",
            ns,
            "--no-sync",
            "--credentials-secret",
            "julia-credentials");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err())
        .contains(
            "AcmeUtils comes from the registry AcmeRegistry, which the JuliaPod does not add:"
                + " pass --registry git@github.com:acme/AcmeRegistry.git")
        .doesNotContain("AcmeTools is installed from");
    assertThat(get("my-analysis-alice-smith").getSpec().julia.credentialsSecret)
        .isEqualTo("julia-credentials");

    Cli second =
        Cli.run(
            context(env),
            "repl",
            project.toString(),
            "-n",
            ns,
            "--no-sync",
            "--registry",
            "git@github.com:acme/AcmeRegistry.git");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.err()).doesNotContain("warning");
    JuliaPod pod = get("my-analysis-alice-smith");
    assertThat(pod.getSpec().julia.registries)
        .extracting(r -> r.url)
        .containsExactly("git@github.com:acme/AcmeRegistry.git");
    assertThat(pod.getSpec().julia.credentialsSecret).as("kept from the first run").isNotNull();
    var session = client.pods().inNamespace(ns).withName("my-analysis-alice-smith-repl").get();
    assertThat(session.getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getSecret() != null && "julia-credentials".equals(v.getSecret().getSecretName()));
  }

  @Test
  void aSecondRunUpdatesTheSameJuliaPodWithoutANewBuild() throws Exception {
    assertThat(run("repl", project.toString(), "-n", ns).exit()).isZero();
    String first = get("my-analysis-alice-smith").getStatus().sysimage;

    Cli again =
        run(
            "repl",
            project.toString(),
            "-n",
            ns,
            "--cpu",
            "2",
            "--memory",
            "6Gi",
            "--julia-args",
            "--optimize=0");

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
    assertThat(kubectlCalls())
        .containsExactly(
            "exec -n "
                + ns
                + " my-analysis-alice-smith-repl -c julia"
                + " -- julia --sysimage=/opt/juliapod/sysimage.so --project=/workspace/project -e exit(3)");
  }

  @Test
  void withoutKubectlBatchCodeRunsThroughTheApiAndKeepsJuliasStatus() throws Exception {
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + ns
                + "/pods/my-analysis-alice-smith-repl/exec?command=julia&command=--sysimage%3D%2Fopt%2F"
                + "juliapod%2Fsysimage.so&command=--project%3D%2Fworkspace%2Fproject&command=-e"
                + "&command=exit%283%29&container=julia&stdout=true&stderr=true")
        // As from a server: output and status once the command has run (not in the upgrade
        // response), and the stream kept open until the client has read the status.
        .andUpgradeToWebSocket()
        .open(later(100, new OutputStreamMessage("bye\n")), later(200, new StatusStreamMessage(3)))
        .waitFor(10_000)
        .andEmit("")
        .done()
        .always();
    Cli repl =
        Cli.run(
            context(Map.of("PATH", tmp.resolve("no-kubectl").toString())),
            "repl",
            project.toString(),
            "-n",
            ns,
            "--no-sync",
            "-e",
            "exit(3)");
    assertThat(repl.exit()).as(repl.err() + server.getLastRequest().getPath()).isEqualTo(3);
    assertThat(kubectlCalls()).isEmpty();
  }

  static WebSocketMessage later(long millis, WebSocketMessage message) {
    return new WebSocketMessage(millis, message.getBytes(), true, true);
  }

  @Test
  void aFailedBuildPrintsTheReasonAndExitsOne() throws Exception {
    cluster.failWhenMemoryLimitIs("16Gi");
    Cli repl = run("repl", project.toString(), "-n", ns);
    assertThat(repl.exit()).isEqualTo(1);
    assertThat(repl.err())
        .contains(ns + "/my-analysis-alice-smith Failed")
        .contains("OOMKilled")
        .contains("juliapod logs my-analysis-alice-smith --build");
    assertThat(kubectlCalls()).as("no attach after a failure").isEmpty();
  }

  @Test
  void statusStopStartAndDelete() throws Exception {
    assertThat(run("repl", project.toString(), "-n", ns).exit()).isZero();

    Cli status = run("status", "my-analysis-alice-smith", "-n", ns);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("JuliaPod " + ns + "/my-analysis-alice-smith: Ready")
        .contains("baked      DataStructures 0.19.1, Example 0.5.3, JSON3 1.14.3")
        .contains("BenchmarkTools (unpinned direct dependency)")
        .contains(
            "attach     kubectl attach -it -n " + ns + " my-analysis-alice-smith-repl -c julia");

    assertThat(run("stop", "my-analysis-alice-smith", "-n", ns).exit()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(get("my-analysis-alice-smith").getStatus().phase).isEqualTo("Suspended");
              assertThat(
                      client.pods().inNamespace(ns).withName("my-analysis-alice-smith-repl").get())
                  .isNull();
            });
    assertThat(run("start", "my-analysis-alice-smith", "-n", ns).exit()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(get("my-analysis-alice-smith").getStatus().phase).isEqualTo("Ready"));

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

    Context nowhere = new Context(() -> Context.connect(Map.of(), tmp), Map.of("PATH", ""), false);
    Cli noCluster = Cli.run(nowhere, "status", "x");
    assertThat(noCluster.exit()).isEqualTo(1);
    assertThat(noCluster.err().strip())
        .isEqualTo(
            "juliapod status: no cluster configured:"
                + " point KUBECONFIG at a kubeconfig file or create ~/.kube/config (for a local"
                + " cluster: `kind create cluster`)");
    Context missing =
        new Context(
            () -> Context.connect(Map.of("KUBECONFIG", tmp.resolve("nope.yaml").toString()), tmp),
            Map.of("PATH", ""),
            false);
    Cli wrongFile = Cli.run(missing, "status", "x");
    assertThat(wrongFile.exit()).isEqualTo(1);
    assertThat(wrongFile.err())
        .contains("KUBECONFIG is " + tmp.resolve("nope.yaml") + ", which does not exist");
  }
}
