package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a JuliaPod user sees, end to end on the mock API server ({@link OperatorTestBase}). */
@EnableKubernetesMockClient(crud = true)
class OperatorTest extends OperatorTestBase {
  @Test
  void helloReachesReadyWithTheImageByDigest() throws Exception {
    client.resource(hello("hello")).create();

    JuliaPod pod = awaitPhase("hello", "Ready");

    assertThat(pod.getStatus().image).matches("kind-registry:5000/juliapod@sha256:[0-9a-f]{64}");
    assertThat(pod.getStatus().sysimage).matches("jsi-[0-9a-f]{16}");
    assertThat(pod.getStatus().baked)
        .extracting(p -> p.name)
        .containsExactly("DataStructures", "Example", "JSON3", "LinearAlgebra");
    assertThat(pod.getStatus().stripped)
        .extracting(p -> p.name + ": " + p.reason)
        .contains("BenchmarkTools: unpinned direct dependency");
    assertThat(pod.getStatus().attachCommand)
        .isEqualTo("kubectl attach -it -n " + ns + " hello-repl -c julia");
    assertThat(pod.getStatus().observedGeneration).isEqualTo(pod.getMetadata().getGeneration());
    assertThat(pod.getStatus().conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly(
            "BaseImageResolved=True",
            "Ready=True",
            "Reconciling=False",
            "SessionReady=True",
            "Stalled=False",
            "SysimageReady=True");
    // The base image by digest: what the tag named when the JuliaPod was planned.
    String base = TestBases.host() + "/library/julia:1.11.7";
    assertThat(pod.getStatus().baseImage)
        .isEqualTo(base + "@" + FakeRegistry.digestOf("library/julia:1.11.7"));
    Pod session = client.pods().inNamespace(ns).withName("hello-repl").get();
    assertThat(session.getSpec().getContainers().get(0).getImage())
        .isEqualTo(pod.getStatus().image);
    assertThat(session.getMetadata().getOwnerReferences())
        .extracting(r -> r.getName())
        .containsExactly("hello");
    assertThat(jobs()).hasSize(1);
    JuliaSysimage sysimage = sysimage(pod.getStatus().sysimage);
    assertThat(sysimage.getStatus().phase).isEqualTo("Ready");
    // Shared, so owned by no JuliaPod: its users are derived (docs/design.md, "Sharing").
    assertThat(sysimage.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(sysimage.getSpec().baseImage).isEqualTo(pod.getStatus().baseImage);
    assertThat(sysimage.getSpec().arch).isEqualTo("amd64");
    assertThat(session.getSpec().getNodeSelector()).containsEntry("kubernetes.io/arch", "amd64");
  }

  @Test
  void twoJuliaPodsWithOnePlanShareOneBuild() throws Exception {
    client.resource(hello("alice")).create();
    client.resource(hello("bob")).create();

    JuliaPod alice = awaitPhase("alice", "Ready");
    JuliaPod bob = awaitPhase("bob", "Ready");

    assertThat(bob.getStatus().sysimage).isEqualTo(alice.getStatus().sysimage);
    assertThat(jobs()).hasSize(1);
    JuliaSysimage shared = sysimage(alice.getStatus().sysimage);
    assertThat(shared.getMetadata().getOwnerReferences()).isNullOrEmpty();

    assertThat(metrics.scrape())
        .contains(
            "juliapod_builds_started_total 1.0",
            "juliapod_builds_succeeded_total 1.0",
            "juliapod_sysimage_cache_hits_total 1.0",
            "juliapod_build_duration_seconds_count 1");
    // The mock server keeps earlier tests' JuliaPods; the gauge counts every Ready one.
    await()
        .untilAsserted(
            () ->
                assertThat(metrics.scrape())
                    .contains(
                        "juliapod_sessions_running "
                            + client
                                .resources(JuliaPod.class)
                                .inAnyNamespace()
                                .list()
                                .getItems()
                                .stream()
                                .filter(
                                    p ->
                                        p.getStatus() != null
                                            && "Ready".equals(p.getStatus().phase))
                                .count()
                            + ".0"));

    // Alice still uses it: past the retention (2 s in tests) after bob is gone, it stays.
    client.resource(get("bob")).delete();
    await().untilAsserted(() -> assertThat(get("bob")).isNull());
    await()
        .during(java.time.Duration.ofSeconds(4))
        .atMost(java.time.Duration.ofSeconds(8))
        .untilAsserted(() -> assertThat(sysimage(alice.getStatus().sysimage)).isNotNull());
  }

  @Test
  void onlyAPinnedChangeBuildsAgain() throws Exception {
    client.resource(hello("hello")).create();
    JuliaPod first = awaitPhase("hello", "Ready");

    // A new unpinned package and a session setting: same sysimage, no build.
    edit(
        "hello",
        edited -> {
          edited.getSpec().session.threads = 4;
          edited.getSpec().project.inline.manifestToml =
              edited
                  .getSpec()
                  .project
                  .inline
                  .manifestToml
                  .replace("version = \"1.6.0\"", "version = \"1.6.1\"");
        });
    await()
        .untilAsserted(
            () ->
                assertThat(get("hello").getStatus().observedGeneration)
                    .isEqualTo(get("hello").getMetadata().getGeneration()));
    awaitPhase("hello", "Ready");
    assertThat(get("hello").getStatus().sysimage).isEqualTo(first.getStatus().sysimage);
    assertThat(jobs()).hasSize(1);

    edit(
        "hello",
        pinned ->
            pinned.getSpec().project.inline.manifestToml =
                pinned
                    .getSpec()
                    .project
                    .inline
                    .manifestToml
                    .replace("version = \"0.5.3\"", "version = \"0.5.5\""));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod now = get("hello");
              assertThat(now.getStatus().sysimage).isNotEqualTo(first.getStatus().sysimage);
              assertThat(now.getStatus().phase).isEqualTo("Ready");
              assertThat(
                      client
                          .pods()
                          .inNamespace(ns)
                          .withName("hello-repl")
                          .get()
                          .getSpec()
                          .getContainers()
                          .get(0)
                          .getImage())
                  .isEqualTo(now.getStatus().image);
            });
    awaitRemoved(first.getStatus().sysimage);
    // The old sysimage's Job goes with it (garbage collection); the new plan built once.
    await()
        .untilAsserted(
            () ->
                assertThat(jobs())
                    .extracting(j -> j.getMetadata().getName())
                    .containsExactly(get("hello").getStatus().sysimage + "-build"));
  }

  @Test
  void aPrebuiltImageSkipsTheBuildAndReleasesTheSysimage() throws Exception {
    client.resource(hello("hello")).create();
    JuliaPod built = awaitPhase("hello", "Ready");

    edit("hello", prebuilt -> prebuilt.getSpec().image = "ghcr.io/team/julia-ml:1.10");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod now = get("hello");
              assertThat(now.getStatus().observedGeneration)
                  .isEqualTo(now.getMetadata().getGeneration());
              assertThat(now.getStatus().phase).isEqualTo("Ready");
              Pod session = client.pods().inNamespace(ns).withName("hello-repl").get();
              assertThat(session.getSpec().getContainers().get(0).getImage())
                  .isEqualTo("ghcr.io/team/julia-ml:1.10");
              assertThat(session.getSpec().getContainers().get(0).getCommand())
                  .as("no juliapod sysimage in a prebuilt image")
                  .noneMatch(a -> a.startsWith("--sysimage"));
            });
    JuliaPod pod = get("hello");
    assertThat(pod.getStatus().image).isEqualTo("ghcr.io/team/julia-ml:1.10");
    assertThat(pod.getStatus().sysimage).isNull();
    assertThat(pod.getStatus().baked).isEmpty();
    assertThat(pod.getStatus().conditions)
        .filteredOn(c -> c.getType().equals("SysimageReady"))
        .extracting(c -> c.getStatus() + " " + c.getReason())
        .containsExactly("True Prebuilt");
    awaitRemoved(built.getStatus().sysimage);

    // A new JuliaPod on a prebuilt image never builds, and needs no repository.
    JuliaPod fresh = hello("fresh");
    fresh.getSpec().image = "ghcr.io/team/julia-ml:1.10";
    fresh.getSpec().build = null;
    client.resource(fresh).create();
    awaitPhase("fresh", "Ready");
    assertThat(client.resources(JuliaSysimage.class).inNamespace(ns).list().getItems()).isEmpty();
    await().untilAsserted(() -> assertThat(jobs()).isEmpty());
  }

  @Test
  void aFailedBuildStallsUntilTheSpecChanges() throws Exception {
    cluster.failWhenMemoryLimitIs("16Gi");
    JuliaPod hello = hello("hello");
    String sysimage = sysimageName(hello);
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + ns
                + "/pods/"
                + sysimage
                + "-build-x1/log?pretty=false&container=kaniko&tailLines=25")
        .andReturn(200, "Precompiling JSON3...\nKilled\n")
        .always();
    client.resource(hello).create();

    JuliaPod failed = awaitPhase("hello", "Failed");
    assertThat(failed.getStatus().message)
        .contains(
            "OOMKilled",
            "ran out of memory",
            "spec.build.resources.limits.memory",
            "last lines of the build log",
            "Killed");
    assertThat(failed.getStatus().conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .contains("Stalled=True", "Ready=False");
    // Not retried without a change: one Job, for a while.
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(jobs()).hasSize(1));

    edit(
        "hello",
        fixed ->
            fixed.getSpec().build.resources =
                new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                    .withLimits(Map.of("memory", new Quantity("32Gi")))
                    .build());
    awaitPhase("hello", "Ready");
  }

  /** Most projects pin nothing: no sysimage, no build, the session on the base image. */
  @Test
  void nothingToBakeRunsOnTheBaseImageWithoutABuild() throws Exception {
    JuliaPod plain = hello("plain");
    var inline = plain.getSpec().project.inline;
    inline.manifestToml = inline.manifestToml.replace("pinned = true\n", "");
    client.resource(plain).create();

    JuliaPod ready = awaitPhase("plain", "Ready");

    String base =
        TestBases.host() + "/library/julia:1.11.7@" + FakeRegistry.digestOf("library/julia:1.11.7");
    assertThat(ready.getStatus().image).isEqualTo(base);
    assertThat(ready.getStatus().sysimage).isNull();
    assertThat(ready.getStatus().baked).isEmpty();
    assertThat(ready.getStatus().stripped)
        .extracting(p -> p.name)
        .contains("DataStructures", "Example");
    assertThat(ready.getStatus().conditions)
        .filteredOn(c -> c.getType().equals("SysimageReady"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("NothingToBake");
              assertThat(c.getMessage())
                  .contains(
                      "policy Pinned bakes only LinearAlgebra", "Pkg.pin", "policy: Registered");
            });
    Pod session = client.pods().inNamespace(ns).withName("plain-repl").get();
    assertThat(session.getSpec().getContainers().get(0).getImage()).isEqualTo(base);
    assertThat(session.getSpec().getContainers().get(0).getCommand())
        .noneMatch(a -> a.startsWith("--sysimage"));
    assertThat(jobs()).isEmpty();
    assertThat(client.resources(JuliaSysimage.class).inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> "NothingToBake".equals(e.getReason()))
        .hasSize(1);
  }

  /**
   * A build that fails says why in the container's own words even when its log cannot be read (its
   * node is gone): the kubelet's termination message, FallbackToLogsOnError.
   */
  @Test
  void aFailedBuildShowsWhatTheExecutorSaid() throws Exception {
    cluster.builds =
        job ->
            SimulatedCluster.Outcome.failed(
                "Error",
                1,
                "Precompiling JSON3\nERROR: LoadError: UndefVarError: `foo` not defined\n"
                    + "error building image: error building stage: failed to execute command");
    JuliaPod hello = hello("broken-build");
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + ns
                + "/pods/"
                + sysimageName(hello)
                + "-build-x1/log?pretty=false&container=kaniko&tailLines=25")
        .andReturn(404, "")
        .always();
    client.resource(hello).create();

    JuliaPod failed = awaitPhase("broken-build", "Failed");

    assertThat(failed.getStatus().message)
        .contains(
            "the Kaniko executor exited with code 1",
            "termination message of",
            "UndefVarError: `foo` not defined");
  }

  @Test
  void badInputStallsWithAClearMessageAndOthersKeepWorking() throws Exception {
    JuliaPod broken = hello("broken");
    broken.getSpec().project.inline.manifestToml = "[[deps.Example]\n";
    client.resource(broken).create();
    JuliaPod missingMap = hello("from-map");
    missingMap.getSpec().project.inline = null;
    missingMap.getSpec().project.configMapRef = new dev.juliapod.api.ConfigMapProjectRef();
    missingMap.getSpec().project.configMapRef.name = "hello-project";
    client.resource(missingMap).create();
    client.resource(hello("fine")).create();

    assertThat(awaitPhase("broken", "Failed").getStatus().message)
        .startsWith("spec.project.inline.manifestToml:1: not valid TOML");
    assertThat(awaitPhase("from-map", "Failed").getStatus().message)
        .startsWith("ConfigMap hello-project (spec.project.configMapRef) not found in namespace");
    awaitPhase("fine", "Ready");
    assertThat(jobs()).hasSize(1);

    // A ConfigMap without the project label is one the operator would not see change.
    JuliaPod source = hello("x");
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("hello-project")
                .withNamespace(ns)
                .endMetadata()
                .withData(
                    Map.of(
                        "Project.toml",
                        source.getSpec().project.inline.projectToml,
                        "Manifest.toml",
                        source.getSpec().project.inline.manifestToml))
                .build())
        .create();
    edit("from-map", p -> p.getSpec().session.threads = 3); // any edit plans it again
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("from-map").getStatus().message)
                    .startsWith(
                        "ConfigMap hello-project"
                            + " (spec.project.configMapRef) has no label juliapod.dev/project"));
    // Labelling it is enough: the JuliaPod is planned again without an edit.
    client
        .configMaps()
        .inNamespace(ns)
        .withName("hello-project")
        .edit(
            c -> {
              c.getMetadata().setLabels(Map.of("juliapod.dev/project", "true"));
              return c;
            });
    awaitPhase("from-map", "Ready");
  }

  @Test
  void suspendStopsThePodAndKeepsTheWorkspace() throws Exception {
    client.resource(hello("hello")).create();
    awaitPhase("hello", "Ready");

    edit("hello", suspended -> suspended.getSpec().session.suspend = true);
    JuliaPod pod = awaitPhase("hello", "Suspended");
    assertThat(pod.getStatus().pod).isNull();
    assertThat(client.pods().inNamespace(ns).withName("hello-repl").get()).isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(ns).withName("hello-workspace").get())
        .isNotNull();

    edit("hello", resumed -> resumed.getSpec().session.suspend = false);
    awaitPhase("hello", "Ready");
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void aChangedConfigMapIsPlannedAgain() throws Exception {
    JuliaPod source = hello("x");
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("project")
                .withNamespace(ns)
                .withLabels(Map.of("juliapod.dev/project", "true"))
                .endMetadata()
                .withData(
                    Map.of(
                        "Project.toml",
                        source.getSpec().project.inline.projectToml,
                        "Manifest.toml",
                        source.getSpec().project.inline.manifestToml))
                .build())
        .create();
    JuliaPod fromMap = hello("gitops");
    fromMap.getSpec().project.inline = null;
    fromMap.getSpec().project.configMapRef = new dev.juliapod.api.ConfigMapProjectRef();
    fromMap.getSpec().project.configMapRef.name = "project";
    client.resource(fromMap).create();
    String first = awaitPhase("gitops", "Ready").getStatus().sysimage;

    client
        .configMaps()
        .inNamespace(ns)
        .withName("project")
        .edit(
            c -> {
              c.getData()
                  .put(
                      "Manifest.toml",
                      c.getData()
                          .get("Manifest.toml")
                          .replace("version = \"0.5.3\"", "version = \"0.5.5\""));
              return c;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(get("gitops").getStatus().sysimage).isNotEqualTo(first);
              assertThat(get("gitops").getStatus().phase).isEqualTo("Ready");
            });
  }

  @Test
  void missingPushSecretAndOverLongNamesStallWithoutABuild() throws Exception {
    JuliaPod secret = hello("needs-secret");
    secret.getSpec().build.pushSecret = "registry-push";
    client.resource(secret).create();
    JuliaPod longName = hello("a-juliapod-name-that-is-far-too-long-for-the-session-objects");
    client.resource(longName).create();

    assertThat(awaitPhase("needs-secret", "Failed").getStatus().message)
        .contains("push Secret registry-push not found in namespace " + ns);
    assertThat(awaitPhase(longName.getMetadata().getName(), "Failed").getStatus().message)
        .contains("JuliaPod names can have at most 53");
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(jobs()).isEmpty());
    await()
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .extracting(e -> e.getReason())
                    .contains("PlanFailed"));

    // The operator does not watch Secrets (that would need list on all of them); it looks
    // for a missing one again on its own (every 5 minutes by default, 2 s here).
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("registry-push")
                .withNamespace(ns)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", "e30="))
                .build())
        .create();
    awaitPhase("needs-secret", "Ready");
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void healthEndpointsAnswerOnceTheOperatorRuns() throws Exception {
    try (HealthServer health = new HealthServer(0, operator, metrics)) {
      var http = java.net.http.HttpClient.newHttpClient();
      for (String path : List.of("/healthz", "/readyz", "/metrics")) {
        var response =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + health.port() + path))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
      }
    }
  }

  /** Removed once nobody has used it for the retention period (2 s in these tests). */
  private void awaitRemoved(String name) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(sysimage(name)).as("unused sysimage " + name).isNull());
  }
}
