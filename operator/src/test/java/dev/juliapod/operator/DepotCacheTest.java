package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.build.DepotCache;
import dev.juliapod.plan.BuildRules;
import dev.juliapod.plan.DepotCacheSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The depot cache on the operator's side (docs/design.md, "Depot cache"): a claim it makes and
 * never owns, mounted where Kaniko leaves it out of the image, one build at a time on a
 * ReadWriteOnce volume and all at once on ReadWriteMany, and a build that cannot have the volume
 * replaced by one without it, never held up.
 */
@EnableKubernetesMockClient(crud = true)
class DepotCacheTest extends OperatorTestBase {
  private void restart(DepotCacheSettings cache) {
    restart(BuildRules.PER_NAMESPACE.withCache(cache));
  }

  private void restart(BuildRules rules) {
    operator.stop();
    metrics = new OperatorMetrics();
    operator =
        JuliaPodOperator.create(
            client,
            defaults().toBuilder().builds(rules).build(),
            Set.of(),
            timings(),
            metrics,
            registry(),
            TestBases::inTests);
    operator.start();
  }

  /** hello with an image of its own: another plan, another sysimage and build. */
  private JuliaPod create(String name) throws Exception {
    JuliaPod pod = hello(name);
    pod.getSpec().build.repository = "registry.test/" + name;
    return client.resource(pod).create();
  }

  private Job job(String juliaPod) {
    String sysimage = get(juliaPod).getStatus().sysimage;
    return client.batch().v1().jobs().inNamespace(ns).withName(sysimage + "-build").get();
  }

  private static boolean mountsCache(Job job) {
    var pod = job.getSpec().getTemplate().getSpec();
    return pod.getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && DepotCache.CLAIM.equals(v.getPersistentVolumeClaim().getClaimName()))
        && pod.getContainers().get(0).getVolumeMounts().stream()
            .anyMatch(m -> m.getMountPath().equals("/juliapod-cache") && m.getReadOnly() == null);
  }

  private Condition cacheCondition(String juliaPod) {
    JuliaSysimage sysimage = sysimage(get(juliaPod).getStatus().sysimage);
    return sysimage.getStatus().conditions.stream()
        .filter(c -> "DepotCache".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private PersistentVolumeClaim claim() {
    return client.persistentVolumeClaims().inNamespace(ns).withName(DepotCache.CLAIM).get();
  }

  @Test
  void withoutTheSettingThereIsNoClaimAndNoMount() throws Exception {
    create("plain");
    awaitPhase("plain", "Ready");
    assertThat(mountsCache(job("plain"))).isFalse();
    assertThat(claim()).isNull();
    assertThat(sysimage(get("plain").getStatus().sysimage).getStatus().conditions)
        .noneMatch(c -> "DepotCache".equals(c.getType()));
  }

  /** The build's log as the kubelet serves it, with depot-cache.jl's lines in it. */
  private void buildLog(String juliaPod, String log) throws Exception {
    JuliaPod pod = hello(juliaPod);
    pod.getSpec().build.repository = "registry.test/" + juliaPod;
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + ns
                + "/pods/"
                + sysimageName(pod)
                + "-build-x1/log?pretty=false&container=kaniko")
        .andReturn(200, log)
        .always();
  }

  @Test
  void aBuildMountsAClaimTheOperatorMakesAndNeverOwns() throws Exception {
    restart(new DepotCacheSettings("20Gi", "fast", "ReadWriteOnce"));
    buildLog(
        "alice",
        "INFO[0003] RUN umask 0022\njuliapod-depot-cache: restored 5 of 6 packages and 0 of 0"
            + " artifacts\njuliapod-depot-cache: saved 1 new source trees and artifacts\n");
    create("alice");
    awaitPhase("alice", "Ready");
    assertThat(mountsCache(job("alice"))).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition used = cacheCondition("alice");
              assertThat(used.getStatus()).isEqualTo("True");
              assertThat(used.getReason()).isEqualTo("Used");
              assertThat(used.getMessage())
                  .isEqualTo(
                      "restored 5 of 6 packages and 0 of 0 artifacts; saved 1 new source trees"
                          + " and artifacts");
            });
    PersistentVolumeClaim claim = claim();
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("20Gi"));
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();

    client.resources(JuliaPod.class).inNamespace(ns).withName("alice").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> jobs().isEmpty());
    assertThat(claim()).as("the cache outlives every build and sysimage").isNotNull();
  }

  /**
   * ReadWriteOnce: a second build while the first holds the cache goes ahead without it, and the
   * next one after them gets it again.
   */
  @Test
  void aReadWriteOnceCacheServesOneBuildAtATime() throws Exception {
    restart(new DepotCacheSettings("20Gi", null, "ReadWriteOnce"));
    cluster.holdBuilds = true;
    create("alice");
    create("bob");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jobs()).hasSize(2));
    assertThat(jobs()).filteredOn(DepotCacheTest::mountsCache).hasSize(1);
    assertThat(claim().getSpec().getStorageClassName())
        .as("none given: the cluster's default class, not \"\" (no class)")
        .isNull();
    String holder =
        jobs().stream()
            .filter(DepotCacheTest::mountsCache)
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    String other = holder.equals(job("alice").getMetadata().getName()) ? "bob" : "alice";
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition busy = cacheCondition(other);
              assertThat(busy.getStatus()).isEqualTo("False");
              assertThat(busy.getReason()).isEqualTo("CacheBusy");
              assertThat(busy.getMessage()).contains(holder.replace("-build", ""));
            });

    cluster.holdBuilds = false;
    awaitPhase("alice", "Ready");
    awaitPhase("bob", "Ready");
    create("carol");
    awaitPhase("carol", "Ready");
    assertThat(mountsCache(job("carol"))).as("free again once the holder finished").isTrue();
  }

  /** A damaged entry the build dropped: the image is right, and status and an event say so. */
  @Test
  void whatTheCacheCouldNotGiveIsSaidAsDegraded() throws Exception {
    restart(new DepotCacheSettings("20Gi", null, "ReadWriteOnce"));
    buildLog(
        "alice",
        "juliapod-depot-cache: packages/JSON3/rT1w2 in the cache is not the tree 411e: dropped;"
            + " Pkg downloads it\njuliapod-depot-cache: restored 4 of 6 packages and 0 of 0"
            + " artifacts\n");
    create("alice");
    awaitPhase("alice", "Ready");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition degraded = cacheCondition("alice");
              assertThat(degraded.getStatus()).isEqualTo("False");
              assertThat(degraded.getReason()).isEqualTo("CacheDegraded");
              assertThat(degraded.getMessage()).contains("rT1w2").contains("dropped");
            });
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anyMatch(e -> "CacheDegraded".equals(e.getReason()));
  }

  @Test
  void aReadWriteManyCacheServesEveryBuildAtOnce() throws Exception {
    restart(new DepotCacheSettings("20Gi", "nfs", "ReadWriteMany"));
    cluster.holdBuilds = true;
    create("alice");
    create("bob");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(jobs()).hasSize(2).allMatch(DepotCacheTest::mountsCache));
    cluster.holdBuilds = false;
    awaitPhase("alice", "Ready");
    awaitPhase("bob", "Ready");
  }

  /**
   * Something else holds the ReadWriteOnce volume on another node (an earlier operator's build, a
   * person's debugging pod): the attach-detach controller keeps the build pod waiting with a
   * Multi-Attach error, and after the patience the operator builds again without the cache.
   */
  @Test
  void aBuildThatCannotAttachTheVolumeIsRebuiltWithoutIt() throws Exception {
    restart(new DepotCacheSettings("20Gi", null, "ReadWriteOnce"));
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("debug")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .addNewContainer()
                .withName("sh")
                .withImage("busybox")
                .endContainer()
                .addNewVolume()
                .withName("cache")
                .withNewPersistentVolumeClaim()
                .withClaimName(DepotCache.CLAIM)
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build())
        .create();
    create("alice");
    JuliaPod ready = awaitPhase("alice", "Ready");
    assertThat(mountsCache(job("alice"))).isFalse();
    Condition unavailable = cacheCondition("alice");
    assertThat(unavailable.getReason()).isEqualTo("CacheUnavailable");
    assertThat(unavailable.getMessage()).contains("Multi-Attach error").contains("without it");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anyMatch(
            e ->
                "CacheUnavailable".equals(e.getReason())
                    && e.getMessage().contains("building again without it"));
    assertThat(ready.getStatus().image).isNotNull();
  }

  /** A class that cannot provision: the claim stays Pending and builds go without it. */
  @Test
  void aClaimThatNeverBindsDoesNotHoldBuildsUp() throws Exception {
    cluster.volumes.cannotProvision("broken");
    restart(new DepotCacheSettings("20Gi", "broken", "ReadWriteOnce"));
    create("alice");
    awaitPhase("alice", "Ready");
    assertThat(cacheCondition("alice").getReason()).isEqualTo("CacheUnavailable");
    assertThat(cacheCondition("alice").getMessage())
        .contains("unbound immediate PersistentVolumeClaims");
    // The next build finds the claim Pending past the patience and does not try.
    create("bob");
    awaitPhase("bob", "Ready");
    assertThat(mountsCache(job("bob"))).isFalse();
    assertThat(cacheCondition("bob").getMessage())
        .contains("is Pending and a build that mounted it could not get the volume");
  }

  /**
   * A ResourceQuota (or a webhook) refusing the claim in the build namespace: the build goes on
   * without it. (Central builds, so the refusal meets the cache claim and not the workspace's.)
   */
  @Test
  void aClaimTheApiServerRefusesDoesNotHoldBuildsUp() throws Exception {
    String builds = ns + "-builds";
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + builds + "/persistentvolumeclaims")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "persistentvolumeclaims \"juliapod-depot-cache\" is forbidden: exceeded"
                        + " quota: storage, requested: requests.storage=20Gi")
                .build())
        .always();
    restart(
        new BuildRules(builds, List.of(), List.of())
            .withCache(new DepotCacheSettings("20Gi", null, "ReadWriteOnce")));
    create("alice");
    awaitPhase("alice", "Ready");
    JuliaSysimage sysimage =
        client
            .resources(JuliaSysimage.class)
            .inNamespace(builds)
            .withName(get("alice").getStatus().sysimage)
            .get();
    Condition refused =
        sysimage.getStatus().conditions.stream()
            .filter(c -> "DepotCache".equals(c.getType()))
            .findFirst()
            .orElseThrow();
    assertThat(refused.getReason()).isEqualTo("CacheUnavailable");
    assertThat(refused.getMessage()).contains("exceeded quota").contains("building without it");
    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(builds)
            .withName(sysimage.getMetadata().getName() + "-build")
            .get();
    assertThat(mountsCache(job)).isFalse();
  }
}
