package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.build.KanikoJob;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong in a real cluster: the operator restarted mid-build, objects deleted by hand, API
 * errors, bursts of edits. Each test ends in the state a user expects, with no build more than
 * needed.
 */
@EnableKubernetesMockClient(crud = true)
class FaultToleranceTest extends OperatorTestBase {

  @Test
  void aRestartedOperatorAdoptsTheRunningBuild() throws Exception {
    cluster.holdBuilds = true;
    client.resource(hello("hello")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobs().size() == 1);
    String job = jobs().get(0).getMetadata().getUid();
    awaitPhase("hello", "Building");

    operator.stop();
    metrics = new OperatorMetrics();
    operator =
        JuliaPodOperator.create(
            client, defaults(), Set.of(), timings(), metrics, registry(), TestBases::inTests);
    operator.start();
    // The new operator has read both resources (its informers list them on start).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                metrics
                    .scrape()
                    .contains(
                        "operator_sdk_reconciliations_started_total{group=\"juliapod.dev\","
                            + "kind=\"JuliaSysimage\""));
    cluster.holdBuilds = false;

    awaitPhase("hello", "Ready");
    assertThat(jobs()).extracting(j -> j.getMetadata().getUid()).containsExactly(job);
    assertThat(metrics.registry().get("juliapod.builds.started").counter().count()).isZero();
  }

  @Test
  void objectsDeletedByHandAreMadeAgain() throws Exception {
    cluster.holdBuilds = true;
    client.resource(hello("a")).create();
    client.resource(hello("b")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobs().size() == 1);

    // A running build Job deleted: the JuliaSysimage starts it again.
    Job first = jobs().get(0);
    client.resource(first).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jobs().size() == 1
                    && !jobs().get(0).getMetadata().getUid().equals(first.getMetadata().getUid()));
    cluster.holdBuilds = false;
    awaitPhase("a", "Ready");
    awaitPhase("b", "Ready");

    // A session pod deleted: its JuliaPod starts another and is Ready again.
    Pod session = client.pods().inNamespace(ns).withName("a-repl").get();
    client.resource(session).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Pod again = client.pods().inNamespace(ns).withName("a-repl").get();
              assertThat(again).isNotNull();
              assertThat(again.getMetadata().getUid()).isNotEqualTo(session.getMetadata().getUid());
              assertThat(get("a").getStatus().phase).isEqualTo("Ready");
            });

    // The shared JuliaSysimage deleted: its users make it again and use it.
    String name = get("a").getStatus().sysimage;
    JuliaSysimage sysimage = sysimage(name);
    client.resource(sysimage).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaSysimage again = sysimage(name);
              assertThat(again).isNotNull();
              assertThat(again.getMetadata().getUid())
                  .isNotEqualTo(sysimage.getMetadata().getUid());
              assertThat(again.getMetadata().getOwnerReferences()).isNullOrEmpty();
              assertThat(again.getStatus().phase).isEqualTo("Ready");
            });
    awaitPhase("a", "Ready");
    awaitPhase("b", "Ready");
  }

  /**
   * A build context deleted before the build pod mounted it (by hand, or by the garbage collector
   * racing a JuliaSysimage made again under its name): the pod waits in ContainerCreating, and the
   * operator makes the context again rather than leave the build Building until its deadline.
   */
  @Test
  void aBuildContextGoneBeforeThePodMountedItIsMadeAgain() throws Exception {
    cluster.holdBuilds = true;
    client.resource(hello("a")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobs().size() == 1);
    Job job = jobs().get(0);
    String contextName =
        job.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .findFirst()
            .orElseThrow()
            .getConfigMap()
            .getName();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.configMaps().inNamespace(ns).withName(contextName).delete().size() == 1);
    cluster.holdBuilds = false;

    awaitPhase("a", "Ready");
    assertThat(jobs())
        .extracting(j -> j.getMetadata().getUid())
        .containsExactly(job.getMetadata().getUid());
    assertThat(client.configMaps().inNamespace(ns).withName(contextName).get()).isNotNull();
    assertThat(client.pods().inNamespace(ns).list().getItems())
        .as("the pod that waited to mount it is the one that built")
        .filteredOn(p -> p.getMetadata().getName().startsWith(job.getMetadata().getName()))
        .singleElement()
        .satisfies(p -> assertThat(p.getSpec().getNodeName()).isNotNull());
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> BuildContextRestore.REASON.equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(contextName).contains("made it again"));
  }

  /**
   * After a failed mount the kubelet waits before it tries again, 500 ms doubling up to two minutes
   * (kubernetes pkg/util/goroutinemap/exponentialbackoff/exponential_backoff.go, which the volume
   * manager's operations go through), so a build pod can wait on for a while after its context is
   * back. Status keeps saying why for all of it, however many passes go by, and the context is made
   * once.
   */
  @Test
  void aRestoredContextIsReportedUntilTheKubeletMountsIt() throws Exception {
    Duration backOff = Duration.ofSeconds(6); // six times the tests' build pod patience
    var kaniko = cluster.builds;
    var firstFailedMount = new AtomicReference<Instant>();
    cluster.builds =
        job -> {
          SimulatedCluster.Outcome outcome = kaniko.apply(job); // null: the mount failed
          if (outcome == null) {
            firstFailedMount.compareAndSet(null, Instant.now());
          }
          Instant failed = firstFailedMount.get();
          return failed != null && Instant.now().isBefore(failed.plus(backOff)) ? null : outcome;
        };
    cluster.holdBuilds = true;
    JuliaPod a = hello("a");
    client.resource(a).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobs().size() == 1);
    String contextName = KanikoJob.contextName(TestBases.plan(a, defaults()).sysimage());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.configMaps().inNamespace(ns).withName(contextName).delete().size() == 1);
    cluster.holdBuilds = false;

    String name = sysimageName(a);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.configMaps().inNamespace(ns).withName(contextName).get() != null);
    await().atMost(Duration.ofSeconds(10)).until(() -> restoredInStatus(sysimage(name)));
    Thread.sleep(2_500); // two more patience passes, the pod still waiting
    assertThat(firstFailedMount.get()).isAfter(Instant.now().minus(backOff));
    assertThat(sysimage(name))
        .as("while the kubelet backs off, status still says the context was made again")
        .satisfies(s -> assertThat(restoredInStatus(s)).isTrue());
    assertThat(get("a").getStatus().phase).isEqualTo("Building");

    awaitPhase("a", "Ready");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> BuildContextRestore.REASON.equals(e.getReason()))
        .hasSize(1);
  }

  private static boolean restoredInStatus(JuliaSysimage sysimage) {
    return sysimage != null
        && sysimage.getStatus() != null
        && StatusConditions.hasReason(
            sysimage.getStatus(), StatusConditions.RECONCILING, BuildContextRestore.REASON);
  }

  @Test
  void conflictsAndServerErrorsAreRetried() throws Exception {
    JuliaPod a = hello("a");
    String sysimage = sysimageName(a);
    String base = "/apis/juliapod.dev/v1alpha1/namespaces/" + ns;
    var error =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(500)
            .withMessage("etcdserver: request timed out")
            .build();
    var conflict =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(409)
            .withReason("Conflict")
            .withMessage("the object has been modified")
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/batch/v1/namespaces/" + ns + "/jobs")
        .andReturn(500, error)
        .once();
    server.expect().put().withPath(base + "/juliapods/a/status").andReturn(503, error).times(2);
    server.expect().put().withPath(base + "/juliapods/b/status").andReturn(409, conflict).once();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + ns + "/pods")
        .andReturn(500, error)
        .once();

    client.resource(a).create();
    client.resource(hello("b")).create();

    awaitPhase("a", "Ready");
    awaitPhase("b", "Ready");
    assertThat(jobs()).hasSize(1);
    assertThat(sysimage(sysimage).getMetadata().getOwnerReferences()).isNullOrEmpty();
    List<String> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request.getMethod() + " " + request.getPath());
    }
    // Each failed request was made again, and each fault was served.
    assertThat(requests)
        .filteredOn(r -> r.equals("POST /apis/batch/v1/namespaces/" + ns + "/jobs"))
        .hasSize(2);
    assertThat(requests)
        .filteredOn(r -> r.equals("PUT " + base + "/juliapods/a/status"))
        .hasSizeGreaterThanOrEqualTo(3);
    // Joining a shared sysimage writes nothing to it (docs/design.md, "Sharing").
    assertThat(requests)
        .filteredOn(
            r ->
                r.contains(base + "/juliasysimages/" + sysimage)
                    && !r.startsWith("GET")
                    && !r.endsWith("/status"))
        .isEmpty();
    // A status write refused as stale reads the latest version and writes again at once.
    assertThat(requests)
        .containsSubsequence(
            "PUT " + base + "/juliapods/b/status",
            "GET " + base + "/juliapods/b",
            "PUT " + base + "/juliapods/b/status");
  }

  @Test
  void aBurstOfEditsBuildsOnlyThePlanItEndsOn() throws Exception {
    List<String> jobsFor = new CopyOnWriteArrayList<>(); // the sysimage of every Job created
    try (Watch watch =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(ns)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED) {
                      jobsFor.add(job.getMetadata().getOwnerReferences().get(0).getName());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      client.resource(hello("busy")).create();
      String initial = awaitPhase("busy", "Ready").getStatus().sysimage;

      for (int i = 1; i <= 200; i++) {
        int round = i;
        // Each edit pins another Example version (a new plan) and changes the session.
        edit(
            "busy",
            p -> {
              p.getSpec().project.inline.manifestToml =
                  p.getSpec()
                      .project
                      .inline
                      .manifestToml
                      .replaceFirst(
                          "version = \"0\\.5\\.\\d+\"", "version = \"0.5." + (100 + round) + "\"");
              p.getSpec().session.env = List.of(new EnvVar("ROUND", Integer.toString(round), null));
            });
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                JuliaPod pod = get("busy");
                assertThat(pod.getStatus().observedGeneration)
                    .isEqualTo(pod.getMetadata().getGeneration());
                assertThat(pod.getStatus().phase).isEqualTo("Ready");
                Pod session = client.pods().inNamespace(ns).withName("busy-repl").get();
                assertThat(session.getSpec().getContainers().get(0).getEnv())
                    .contains(new EnvVar("ROUND", "200", null));
              });
      String last = get("busy").getStatus().sysimage;
      assertThat(last).isNotEqualTo(initial);
      // One build before the burst and one for the plan it ended on; a CI machine that stalls
      // the operator for over a second mid-burst may build an intermediate plan too, but
      // never a plan twice and never one per edit.
      assertThat(jobsFor)
          .startsWith(initial)
          .endsWith(last)
          .doesNotHaveDuplicates()
          .hasSizeLessThanOrEqualTo(4);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          client.resources(JuliaSysimage.class).inNamespace(ns).list().getItems())
                      .extracting(s -> s.getMetadata().getName())
                      .containsExactly(last));
    }
  }

  @Test
  void garbageIsRejectedWithAClearStatusWhileOthersAreServed() throws Exception {
    String manifest = hello("x").getSpec().project.inline.manifestToml;
    StringBuilder huge = new StringBuilder(manifest);
    while (huge.length() < 2_000_000) {
      huge.append("# padding a Manifest to 2 MB, as a vendored registry might\n");
    }
    String cycle =
        manifest
            .replace("[[deps.Example]]\n", "[[deps.Example]]\ndeps = [\"JSON3\"]\n")
            .replace(
                "deps = [\"Dates\", \"Mmap\", \"Parsers\"",
                "deps = [\"Dates\", \"Example\", \"Mmap\", \"Parsers\"");
    String nested = manifest + "\n[extra]\nx = " + "[".repeat(50_000) + "]".repeat(50_000) + "\n";
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    String binary = new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1);
    Map<String, String> garbage =
        Map.of("huge", huge.toString(), "cycle", cycle, "nested", nested, "binary", binary);
    for (var entry : garbage.entrySet()) {
      JuliaPod pod = hello(entry.getKey());
      pod.getSpec().project.inline.manifestToml = entry.getValue();
      client.resource(pod).create();
    }
    client.resource(hello("fine")).create();

    assertThat(awaitPhase("huge", "Failed").getStatus().message)
        .startsWith("spec.project.inline.manifestToml is 2,000,0")
        .contains("may be at most 1,000,000");
    assertThat(awaitPhase("cycle", "Failed").getStatus().message)
        .contains("dependency cycle, Example → JSON3 → Example; Julia cannot precompile");
    assertThat(awaitPhase("nested", "Failed").getStatus().message)
        .startsWith("spec.project.inline.manifestToml:")
        .contains("Nesting is too deep");
    assertThat(awaitPhase("binary", "Failed").getStatus().message)
        .startsWith("spec.project.inline.manifestToml:")
        .contains("not valid TOML");
    awaitPhase("fine", "Ready");
    assertThat(jobs()).hasSize(1);
    for (String name : garbage.keySet()) {
      assertThat(get(name).getStatus().conditions)
          .filteredOn(c -> c.getType().equals("Stalled"))
          .extracting(c -> c.getReason())
          .containsExactly("InvalidSpec");
    }
  }
}
