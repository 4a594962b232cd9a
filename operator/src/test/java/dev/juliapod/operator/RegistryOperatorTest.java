package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.registry.Credentials;
import dev.juliapod.registry.RegistryClient;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator asking a registry (mockwebserver3) before it builds. */
@EnableKubernetesMockClient(crud = true)
class RegistryOperatorTest extends OperatorTestBase {
  static final String DIGEST = "sha256:" + "cd".repeat(32);
  final FakeRegistry registry = FakeRegistry.start();

  @Override
  RegistryClient registry() {
    return TestBases.client(registry.host());
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  JuliaPod pod(String name, String namespace) throws Exception {
    JuliaPod pod = hello(name);
    pod.getMetadata().setNamespace(namespace);
    pod.getSpec().build.repository = registry.repository();
    return pod;
  }

  String tag(JuliaPod pod) throws Exception {
    return TestBases.plan(pod, defaults()).sysimage().tag();
  }

  JuliaSysimage sysimageOf(String name) {
    return client
        .resources(JuliaSysimage.class)
        .inNamespace(ns)
        .withName(get(name).getStatus().sysimage)
        .get();
  }

  static String condition(JuliaSysimage sysimage, String type) {
    return sysimage.getStatus().conditions.stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
        .findFirst()
        .orElse("none");
  }

  @Test
  void anImageAlreadyInTheRegistryIsUsedWithoutABuild() throws Exception {
    JuliaPod pod = pod("hello", ns);
    registry.push(tag(pod), DIGEST);
    client.resource(pod).create();

    JuliaPod ready = awaitPhase("hello", "Ready");

    assertThat(ready.getStatus().image).isEqualTo(registry.repository() + "@" + DIGEST);
    assertThat(jobs()).isEmpty();
    JuliaSysimage sysimage = sysimageOf("hello");
    assertThat(condition(sysimage, "Ready"))
        .startsWith(
            "True FoundInRegistry: image "
                + registry.repository()
                + "@"
                + DIGEST
                + " found in the registry");
    assertThat(condition(sysimage, "InRegistry")).startsWith("True Found");
    assertThat(registry.requests).containsExactly("HEAD /v2/team/juliapod/manifests/" + tag(pod));
    assertThat(metrics.scrape())
        .contains("juliapod_registry_hits_total 1.0", "juliapod_builds_started_total 0.0");
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
        .isEqualTo(registry.repository() + "@" + DIGEST);
  }

  @Test
  void notFoundBuildsAndTheNextLookupFindsWhatTheBuildPushed() throws Exception {
    registry.pushOnSuccess(cluster);
    client.resource(pod("first", ns)).create();
    awaitPhase("first", "Ready");
    assertThat(jobs()).hasSize(1);
    // Pushed now, and why it was built: the registry did not have it.
    assertThat(condition(sysimageOf("first"), "InRegistry"))
        .startsWith("True Pushed: ")
        .endsWith(
            "pushed by the build; before the build: NotFound, "
                + registry.repository()
                + ":"
                + tag(pod("first", ns))
                + " is not in the registry");
    assertThat(registry.tags).containsKey(tag(pod("first", ns)));
  }

  @Test
  void aRegistryThatCannotAnswerMeansBuildingWithAConditionThatSaysWhy() throws Exception {
    registry.failWith = 500;
    client.resource(pod("hello", ns)).create();

    awaitPhase("hello", "Ready");
    assertThat(jobs()).hasSize(1);
    assertThat(condition(sysimageOf("hello"), "InRegistry"))
        .startsWith("True Pushed: ")
        .contains(
            "pushed by the build; before the build: RegistryUnavailable, could not ask the"
                + " registry about "
                + registry.repository()
                + ":")
        .contains("answered 500 to HEAD")
        .endsWith("building rather than assuming it is there");

    registry.failWith = 0;
    registry.hang = true; // the operator's client here gives up after 2 s
    JuliaPod other = pod("other", ns);
    other.getSpec().project.inline.manifestToml =
        other
            .getSpec()
            .project
            .inline
            .manifestToml
            .replace("version = \"0.5.3\"", "version = \"0.5.4\"");
    client.resource(other).create();
    awaitPhase("other", "Ready");
    assertThat(jobs()).hasSize(2);
    assertThat(condition(sysimageOf("other"), "InRegistry"))
        .startsWith("True Pushed")
        .contains("before the build: RegistryUnavailable")
        .contains("no answer from " + registry.host() + " within 2 s");
  }

  /**
   * A base image is resolved once per JuliaPod and kept: neither a tag pushed again nor a registry
   * that cannot be asked (after an operator restart, too) changes a plan that was made; a new
   * JuliaPod that cannot resolve it builds from the tag and says so.
   */
  @Test
  void aBaseImageDigestOnceResolvedIsKept() throws Exception {
    String d1 = "sha256:" + "e1".repeat(32);
    registry.pushImage("library/julia", "1.11.7", d1);
    JuliaPod first = pod("first", ns);
    first.getSpec().julia.image = registry.host() + "/library/julia:1.11.7";
    client.resource(first).create();
    JuliaPod ready = awaitPhase("first", "Ready");
    assertThat(ready.getStatus().baseImage).isEqualTo(first.getSpec().julia.image + "@" + d1);
    assertThat(sysimageOf("first").getSpec().baseImage).isEqualTo(ready.getStatus().baseImage);

    registry.pushImage("library/julia", "1.11.7", "sha256:" + "e2".repeat(32));
    registry.failWith = 503;
    operator.stop();
    operator =
        JuliaPodOperator.create(
            client, defaults(), Set.of(), timings(), metrics, registry(), TestBases::inTests);
    operator.start();
    edit("first", e -> e.getSpec().session.threads = 4);
    await()
        .untilAsserted(
            () ->
                assertThat(get("first").getStatus().observedGeneration)
                    .isEqualTo(get("first").getMetadata().getGeneration()));
    assertThat(awaitPhase("first", "Ready").getStatus().sysimage)
        .isEqualTo(ready.getStatus().sysimage);
    assertThat(jobs()).hasSize(1);

    JuliaPod second = pod("second", ns);
    second.getSpec().julia.image = first.getSpec().julia.image;
    client.resource(second).create();
    JuliaPod byTag = awaitPhase("second", "Ready");
    assertThat(byTag.getStatus().baseImage).isEqualTo(first.getSpec().julia.image);
    assertThat(byTag.getStatus().conditions)
        .filteredOn(c -> c.getType().equals("BaseImageResolved"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getMessage())
                  .contains(
                      "could not resolve " + first.getSpec().julia.image,
                      "answered 503",
                      "building from the tag");
            });
    assertThat(byTag.getStatus().sysimage).isNotEqualTo(ready.getStatus().sysimage);
  }

  @Test
  void pushSecretCredentialsGetABearerTokenAndAppearNowhere() throws Exception {
    Credentials robot = new Credentials("robot", "s3cr3t-pa55");
    registry.required = robot;
    String auth = Base64.getEncoder().encodeToString("robot:s3cr3t-pa55".getBytes());
    String config = "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}";
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("registry-push")
                .withNamespace(ns)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(
                    Map.of(
                        ".dockerconfigjson",
                        Base64.getEncoder()
                            .encodeToString(config.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
    JuliaPod pod = pod("hello", ns);
    pod.getSpec().build.pushSecret = "registry-push";
    registry.push(tag(pod), DIGEST);
    client.resource(pod).create();

    awaitPhase("hello", "Ready");
    assertThat(jobs()).isEmpty();
    assertThat(registry.requests)
        .containsExactly(
            "HEAD /v2/team/juliapod/manifests/" + tag(pod),
            "GET /token (authorized)",
            "HEAD /v2/team/juliapod/manifests/" + tag(pod) + " (authorized)");

    KubernetesSerialization json = new KubernetesSerialization();
    String written =
        json.asJson(
            List.of(
                client.resources(JuliaPod.class).inNamespace(ns).list(),
                client.resources(JuliaSysimage.class).inNamespace(ns).list(),
                client.configMaps().inNamespace(ns).list(),
                client.pods().inNamespace(ns).list(),
                client.v1().events().inNamespace(ns).list()));
    assertThat(written)
        .contains("FoundInRegistry")
        .doesNotContain("s3cr3t")
        .doesNotContain(auth)
        .doesNotContain("t-repository");
  }

  @Test
  void unreadableCredentialsMeanBuildingWithAConditionThatSaysSo() throws Exception {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("registry-push")
                .withNamespace(ns)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(
                    Map.of(
                        ".dockerconfigjson",
                        Base64.getEncoder()
                            .encodeToString("{not json".getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
    JuliaPod pod = pod("hello", ns);
    pod.getSpec().build.pushSecret = "registry-push";
    client.resource(pod).create();

    await().atMost(Duration.ofSeconds(30)).until(() -> jobs().size() == 1);
    // The simulated build may already have pushed by now; the condition then keeps what was
    // found before the build ("True Pushed: ...; before the build: RegistryUnavailable, ...").
    // The status write may land just after the Job (no status yet: ignored, looked at again).
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(condition(sysimageOf("hello"), "InRegistry"))
                    .containsPattern(
                        "^(Unknown RegistryUnavailable: |True Pushed: .*RegistryUnavailable, )")
                    .endsWith(
                        "could not ask the registry about "
                            + registry.repository()
                            + ":"
                            + tag(pod)
                            + ": push Secret registry-push's"
                            + " .dockerconfigjson is not JSON; building rather than assuming it is there"));
    assertThat(registry.requests).isEmpty();
  }

  @Test
  void twoClustersSharingARegistryBuildOnce() throws Exception {
    operator.stop(); // one operator per "cluster", each watching its own namespace
    registry.pushOnSuccess(cluster);
    String east = ns + "-east";
    String west = ns + "-west";
    for (String namespace : List.of(east, west)) {
      Operator cluster =
          JuliaPodOperator.create(
              client,
              defaults(),
              Set.of(namespace),
              timings(),
              new OperatorMetrics(),
              registry(),
              TestBases::inTests);
      cluster.start();
      try {
        client.resource(pod("hello", namespace)).create();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  JuliaPod p =
                      client
                          .resources(JuliaPod.class)
                          .inNamespace(namespace)
                          .withName("hello")
                          .get();
                  return p.getStatus() != null && "Ready".equals(p.getStatus().phase);
                });
      } finally {
        cluster.stop();
      }
    }

    assertThat(client.batch().v1().jobs().inNamespace(east).list().getItems()).hasSize(1);
    assertThat(client.batch().v1().jobs().inNamespace(west).list().getItems()).isEmpty();
    String eastImage =
        client
            .resources(JuliaPod.class)
            .inNamespace(east)
            .withName("hello")
            .get()
            .getStatus()
            .image;
    assertThat(
            client
                .resources(JuliaPod.class)
                .inNamespace(west)
                .withName("hello")
                .get()
                .getStatus()
                .image)
        .isEqualTo(eastImage);
  }

  @Test
  void aDigestGoneFromTheRegistryIsBuiltAgainWhenAnOwnerArrives() throws Exception {
    JuliaPod first = pod("first", ns);
    registry.push(tag(first), DIGEST);
    registry.pushOnSuccess(cluster);
    client.resource(first).create();
    awaitPhase("first", "Ready");
    assertThat(jobs()).isEmpty();

    registry.digests.remove(DIGEST); // garbage-collected by the registry
    registry.tags.clear();
    client.resource(pod("second", ns)).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(jobs()).hasSize(1);
              for (String name : List.of("first", "second")) {
                JuliaPod pod = get(name);
                assertThat(pod.getStatus().phase).isEqualTo("Ready");
                assertThat(pod.getStatus().image)
                    .isNotEqualTo(registry.repository() + "@" + DIGEST)
                    .startsWith(registry.repository() + "@sha256:");
              }
            });
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(e -> e.getReason())
        .contains("ImageGone");
  }

  /**
   * The Job says Complete but its pod, with the digest it reported, is gone (deleted, or lost with
   * its node): the registry knows whether the push happened.
   */
  @Test
  void aCompletedBuildWhosePodIsGoneAsksTheRegistry() throws Exception {
    JuliaPod pod = pod("hello", ns);
    String tag = tag(pod);
    cluster.builds =
        job -> {
          registry.push(tag, DIGEST); // Kaniko pushed, then the pod went
          SimulatedCluster.completeWithoutPod(client, job);
          return null;
        };
    client.resource(pod).create();

    JuliaPod ready = awaitPhase("hello", "Ready");
    assertThat(ready.getStatus().image).isEqualTo(registry.repository() + "@" + DIGEST);
    assertThat(sysimageOf("hello").getStatus().message)
        .contains("its pod is gone", "the registry has");
  }

  /** Evicted or preempted where the Job cannot ignore it: built again, not a failure. */
  @Test
  void aDisruptedBuildStartsAgain() throws Exception {
    cluster.honoursPodFailurePolicy = false; // an API server before podFailurePolicy
    registry.pushOnSuccess(cluster);
    var firstTry = new java.util.concurrent.atomic.AtomicBoolean(true);
    var otherwise = cluster.builds;
    cluster.builds =
        job ->
            firstTry.getAndSet(false)
                ? SimulatedCluster.Outcome.disrupted("PreemptionByScheduler")
                : otherwise.apply(job);
    client.resource(pod("hello", ns)).create();

    JuliaPod ready = awaitPhase("hello", "Ready");
    assertThat(ready.getStatus().image).startsWith(registry.repository() + "@sha256:");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> "BuildInterrupted".equals(e.getReason()))
        .extracting(e -> e.getMessage())
        .anyMatch(m -> m.contains("PreemptionByScheduler"));
  }

  /** Where the API server keeps the Job's podFailurePolicy, the Job itself tries again. */
  @Test
  void aDisruptionIsTheJobsToIgnore() throws Exception {
    registry.pushOnSuccess(cluster);
    var firstTry = new java.util.concurrent.atomic.AtomicBoolean(true);
    var otherwise = cluster.builds;
    cluster.builds =
        job ->
            firstTry.getAndSet(false)
                ? SimulatedCluster.Outcome.disrupted("EvictionByEvictionAPI")
                : otherwise.apply(job);
    client.resource(pod("hello", ns)).create();
    String jobUid =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> jobs().isEmpty() ? null : jobs().get(0).getMetadata().getUid(),
                uid -> uid != null);

    JuliaPod ready = awaitPhase("hello", "Ready");
    assertThat(ready.getStatus().image).startsWith(registry.repository() + "@sha256:");
    assertThat(jobs()).extracting(j -> j.getMetadata().getUid()).containsExactly(jobUid);
    assertThat(
            client
                .pods()
                .inNamespace(ns)
                .withLabel("batch.kubernetes.io/controller-uid", jobUid)
                .list()
                .getItems())
        .as("the disrupted pod and its replacement")
        .hasSize(2);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .noneMatch(e -> "BuildInterrupted".equals(e.getReason()));
  }
}
