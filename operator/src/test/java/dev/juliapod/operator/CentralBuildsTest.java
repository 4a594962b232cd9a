package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.plan.BuildRules;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Central builds (docs/design.md, "Central builds"): with a build namespace, JuliaPods of two user
 * namespaces whose plans hash the same share one JuliaSysimage and one Job there, users are known
 * from their statuses across namespaces, the push Secret lives and is mounted only there, and the
 * user namespaces enforce Pod Security's restricted level without any pod of theirs refused.
 */
@EnableKubernetesMockClient(crud = true)
class CentralBuildsTest extends OperatorTestBase {
  static final String BUILDS = "juliapod-builds";
  static final String PUSH = "registry-push";
  private String teamA;
  private String teamB;
  private String teamC;

  static OperatorDefaults central(List<String> executors, List<String> bases) {
    return defaults().toBuilder()
        .pushSecret(PUSH)
        .builds(new BuildRules(BUILDS, executors, bases))
        .build();
  }

  @BeforeEach
  void central() {
    teamA = ns;
    teamB = ns + "-b";
    teamC = ns + "-c";
    cluster.enforceRestricted(teamA);
    cluster.enforceRestricted(teamB);
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PUSH)
                .withNamespace(BUILDS)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", "e30="))
                .build())
        .create();
    restart(timings(), List.of(), List.of());
  }

  private void restart(Timings timings, List<String> executors, List<String> bases) {
    // A list, as the chart's watchNamespaces gives: the build namespace is not in it.
    restart(timings, executors, bases, Set.of(teamA, teamB, teamC));
  }

  private void restart(
      Timings timings, List<String> executors, List<String> bases, Set<String> watched) {
    operator.stop();
    metrics = new OperatorMetrics();
    operator =
        JuliaPodOperator.create(
            client,
            central(executors, bases),
            watched,
            timings,
            metrics,
            registry(),
            TestBases::inTests);
    operator.start();
  }

  private JuliaPod create(String namespace, String name) throws Exception {
    JuliaPod pod = hello(name);
    pod.getMetadata().setNamespace(namespace);
    return client.resource(pod).create();
  }

  private JuliaPod get(String namespace, String name) {
    return client.resources(JuliaPod.class).inNamespace(namespace).withName(name).get();
  }

  private JuliaPod awaitReady(String namespace, String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod pod = get(namespace, name);
              assertThat(pod.getStatus()).isNotNull();
              assertThat(pod.getStatus().phase).as(pod.getStatus().message).isEqualTo("Ready");
            });
    return get(namespace, name);
  }

  /** Creates of JuliaSysimages since the last call; only the operator makes them. */
  private int creates() throws InterruptedException {
    int creates = 0;
    io.fabric8.mockwebserver.http.RecordedRequest request;
    while ((request = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      if (request.getMethod().equals("POST") && request.getPath().endsWith("/juliasysimages")) {
        creates++;
      }
    }
    return creates;
  }

  private List<Job> jobs(String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  private JuliaSysimage built(String name) {
    return client.resources(JuliaSysimage.class).inNamespace(BUILDS).withName(name).get();
  }

  @Test
  void juliaPodsOfTwoNamespacesCreatedTogetherShareOneBuildInTheBuildNamespace() throws Exception {
    creates(); // what came before
    create(teamA, "alice");
    create(teamB, "bob");
    String name = awaitReady(teamA, "alice").getStatus().sysimage;
    JuliaPod bob = awaitReady(teamB, "bob");
    // The JuliaPod controller reads sysimages from an informer on the build namespace. Left to
    // inherit its controller's namespaces (the teams') it would find none there, and every pass
    // would create the sysimage, get 409 and read it back.
    @SuppressWarnings("unchecked")
    var juliaPods =
        (io.javaoperatorsdk.operator.processing.Controller<JuliaPod>)
            operator.getRegisteredController("juliapod").orElseThrow();
    var sysimages =
        (io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource<
                JuliaSysimage, JuliaPod>)
            juliaPods
                .getEventSourceManager()
                .getEventSourceFor(JuliaSysimage.class, JuliaPodSources.SYSIMAGES);
    assertThat(
            sysimages.get(
                new io.javaoperatorsdk.operator.processing.event.ResourceID(name, BUILDS)))
        .isPresent();

    // One create: a pass that finds another of this process creating the sysimage waits for it
    // (SharedSysimage.awaitCreate) rather than sending its own and getting 409.
    assertThat(creates()).isEqualTo(1);
    assertThat(bob.getStatus().sysimage).isEqualTo(name);
    assertThat(bob.getStatus().sysimageNamespace).isEqualTo(BUILDS);
    assertThat(bob.getStatus().image).isEqualTo(built(name).getStatus().image);
    assertThat(jobs(BUILDS)).hasSize(1);
    assertThat(metrics.registry().get("juliapod.builds.started").counter().count()).isEqualTo(1);
    for (String team : List.of(teamA, teamB)) {
      assertThat(jobs(team)).as("Jobs in %s", team).isEmpty();
      assertThat(client.resources(JuliaSysimage.class).inNamespace(team).list().getItems())
          .as("sysimages in %s", team)
          .isEmpty();
      assertThat(client.configMaps().inNamespace(team).list().getItems())
          .as("build contexts in %s", team)
          .noneMatch(m -> m.getMetadata().getName().startsWith("jsi-"));
    }
  }

  @Test
  void userNamespacesEnforcingRestrictedRunEverySessionAndThePushSecretIsOnlyInBuildPods()
      throws Exception {
    create(teamA, "alice");
    awaitReady(teamA, "alice");

    Pod build =
        client
            .pods()
            .inNamespace(BUILDS)
            .withLabel("app.kubernetes.io/component")
            .list()
            .getItems()
            .stream()
            .filter(p -> p.getMetadata().getName().startsWith("jsi-"))
            .findFirst()
            .orElseThrow();
    assertThat(build.getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .contains(PUSH);
    List<Pod> sessions = client.pods().inNamespace(teamA).list().getItems();
    assertThat(sessions).isNotEmpty();
    assertThat(sessions)
        .allSatisfy(
            p -> {
              assertThat(RestrictedPods.violations(p.getSpec()))
                  .as(p.getMetadata().getName())
                  .isEmpty();
              assertThat(YAML.asJson(p)).doesNotContain(PUSH);
            });
    // The only Secret there is the session's own cluster cookie, not the push credentials.
    assertThat(client.secrets().inNamespace(teamA).list().getItems())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("alice-cluster-cookie");
  }

  @Test
  void usersInAnyNamespaceKeepTheSysimageUntilTheLastIsGoneAcrossARestart() throws Exception {
    create(teamA, "alice");
    create(teamB, "bob");
    String name = awaitReady(teamA, "alice").getStatus().sysimage;
    awaitReady(teamB, "bob");

    restart(timings(), List.of(), List.of());
    client.resource(get(teamA, "alice")).delete();
    // Kept past twice the retention (2 s here): bob, in another namespace, still uses it.
    await()
        .pollDelay(Duration.ofMillis(100))
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> built(name) != null);
    assertThat(get(teamB, "bob").getStatus().phase).isEqualTo("Ready");

    client.resource(get(teamB, "bob")).delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(built(name)).as("removed after the retention").isNull();
              assertThat(jobs(BUILDS)).as("its Job goes with it").isEmpty();
              assertThat(client.configMaps().inNamespace(BUILDS).list().getItems())
                  .as("its build context goes with it")
                  .isEmpty();
            });
  }

  /**
   * A tenant that asks a shared build for too little memory cannot hold it there: another
   * namespace's user asking for more takes over the build settings and the build is tried again.
   */
  @Test
  void aTenantAskingTooLittleMemoryDoesNotHoldASharedBuildBack() throws Exception {
    cluster.failWhenMemoryLimitIs("1Gi");
    JuliaPod small = hello("small");
    small.getMetadata().setNamespace(teamA);
    small.getSpec().build.resources =
        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .withLimits(Map.of("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi")))
            .build();
    client.resource(small).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(teamA, "small").getStatus().message.contains("OOMKilled"));

    create(teamB, "bob"); // the operator's default memory: more than 1Gi
    awaitReady(teamB, "bob");
    awaitReady(teamA, "small");
    assertThat(jobs(BUILDS)).hasSize(1);
  }

  @Test
  void aJuliaPodInAThirdNamespaceJoinsABuiltSysimageWithoutABuild() throws Exception {
    create(teamA, "alice");
    String name = awaitReady(teamA, "alice").getStatus().sysimage;

    create(teamC, "carol");
    assertThat(awaitReady(teamC, "carol").getStatus().sysimage).isEqualTo(name);
    assertThat(jobs(BUILDS)).hasSize(1);
    assertThat(metrics.registry().get("juliapod.builds.started").counter().count()).isEqualTo(1);
  }

  /**
   * A JuliaPod's own credentials Secret reaches its session only, also for a JuliaPod in the build
   * namespace itself: a shared build never borrows a user's Secret.
   */
  @Test
  void aUsersCredentialsAreNeverLentToTheSharedBuild() throws Exception {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("mine")
                .withNamespace(BUILDS)
                .withLabels(Map.of(dev.juliapod.api.Labels.CREDENTIALS, "true"))
                .endMetadata()
                .withStringData(Map.of(".git-credentials", "https://x:token@git.example\n"))
                .build())
        .create();
    restart(timings(), List.of(), List.of(), Set.of()); // every namespace, the build's too
    JuliaPod pod = hello("insider");
    pod.getMetadata().setNamespace(BUILDS);
    pod.getSpec().julia.credentialsSecret = "mine";
    client.resource(pod).create();

    String name = awaitReady(BUILDS, "insider").getStatus().sysimage;
    assertThat(built(name).getSpec().credentialsSecret).isNull();
    assertThat(built(name).getSpec().sessionCredentials)
        .as("git in the image for the session's own Secret")
        .isTrue();
    assertThat(
            client.pods().inNamespace(BUILDS).withName("insider-repl").get().getSpec().getVolumes())
        .anyMatch(v -> v.getSecret() != null && "mine".equals(v.getSecret().getSecretName()));
  }

  @Test
  void aPushSecretOfTheJuliaPodsOwnIsRefusedWithTheReason() throws Exception {
    JuliaPod pod = hello("alice");
    pod.getMetadata().setNamespace(teamA);
    pod.getSpec().build.pushSecret = "mine";
    client.resource(pod).create();

    assertFailedWith(teamA, "alice", "spec.build.pushSecret mine", BUILDS);
    assertThat(jobs(BUILDS)).isEmpty();
  }

  @Test
  void executorAndBaseImagesOutsideTheAllowListsAreRefusedNamingTheList() throws Exception {
    String tests = TestBases.host() + "/library/julia:*";
    restart(timings(), List.of("ghcr.io/osscontainertools/kaniko:*"), List.of(tests));
    JuliaPod executor = hello("executor");
    executor.getMetadata().setNamespace(teamA);
    executor.getSpec().build.executorImage = "evil.example/kaniko:latest";
    client.resource(executor).create();
    JuliaPod base = hello("base");
    base.getMetadata().setNamespace(teamA);
    base.getSpec().julia.image = "evil.example/julia:1.10";
    client.resource(base).create();

    assertFailedWith(
        teamA,
        "executor",
        "spec.build.executorImage evil.example/kaniko:latest is not allowed",
        "--allowed-executor-image ghcr.io/osscontainertools/kaniko:*");
    assertFailedWith(
        teamA,
        "base",
        "spec.julia.image evil.example/julia:1.10 is not allowed",
        "--allowed-base-image " + tests);
    assertThat(jobs(BUILDS)).isEmpty();

    // What the lists name builds.
    JuliaPod allowed = hello("allowed");
    allowed.getMetadata().setNamespace(teamA);
    allowed.getSpec().build.executorImage = "ghcr.io/osscontainertools/kaniko:v1.28.3-debug";
    client.resource(allowed).create();
    awaitReady(teamA, "allowed");
    assertThat(jobs(BUILDS)).hasSize(1);
  }

  private void assertFailedWith(String namespace, String name, String... words) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod pod = get(namespace, name);
              assertThat(pod.getStatus().phase).isEqualTo("Failed");
              assertThat(pod.getStatus().message).contains(words);
            });
  }
}
