package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.Labels;
import dev.juliapod.build.DepotCache;
import dev.juliapod.plan.DepotCacheSettings;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The turns of a ReadWriteOnce cache over what the informer shows, without a server. */
class DepotCacheTurnsTest {
  static final String NS = "builds";
  static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
  final DepotCacheTurns turns =
      new DepotCacheTurns(new DepotCacheSettings("20Gi", null, "ReadWriteOnce"));
  final PersistentVolumeClaim bound = claim("Bound");

  static PersistentVolumeClaim claim(String phase) {
    PersistentVolumeClaim claim =
        DepotCache.claim(new DepotCacheSettings("20Gi", null, "ReadWriteOnce"), NS);
    claim.setStatus(
        new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
            .withPhase(phase)
            .build());
    return claim;
  }

  static Job job(String sysimage, boolean mounted, String condition) {
    Map<String, String> labels = new TreeMap<>(Labels.build(sysimage));
    if (mounted) {
      labels.put(Labels.DEPOT_CACHE, "mounted");
    }
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName(sysimage + "-build")
            .withNamespace(NS)
            .withLabels(labels)
            .endMetadata();
    if (condition != null) {
      job.withNewStatus()
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .endCondition()
          .endStatus();
    }
    return job.build();
  }

  @Test
  void aReservationHoldsTheCacheUntilTheInformerShowsTheJob() {
    assertThat(turns.decide(NS, "jsi-a", bound, List.of(), List.of(), T).mount()).isTrue();
    // The same second, before a's Job reaches the informer.
    assertThat(turns.decide(NS, "jsi-b", bound, List.of(), List.of(), T).reason())
        .isEqualTo(DepotCacheUse.BUSY);
    // a's Job, running and mounting it.
    assertThat(
            turns
                .decide(NS, "jsi-b", bound, List.of(job("jsi-a", true, null)), List.of(), T)
                .mount())
        .isFalse();
    // a's Job finished: free.
    assertThat(
            turns
                .decide(NS, "jsi-b", bound, List.of(job("jsi-a", true, "Complete")), List.of(), T)
                .mount())
        .isTrue();
  }

  @Test
  void aReservationWhoseJobWasNeverMadeIsReleasedOrExpires() {
    turns.decide(NS, "jsi-a", bound, List.of(), List.of(), T);
    turns.release(NS, "jsi-a");
    assertThat(turns.decide(NS, "jsi-b", bound, List.of(), List.of(), T).mount()).isTrue();
    assertThat(turns.decide(NS, "jsi-c", bound, List.of(), List.of(), T.plusSeconds(30)).mount())
        .isFalse();
    assertThat(turns.decide(NS, "jsi-c", bound, List.of(), List.of(), T.plusSeconds(61)).mount())
        .as("a minute is longer than a watch event takes")
        .isTrue();
  }

  @Test
  void aBuildThatCouldNotGetTheVolumeGoesWithoutItAndSoDoOthersWhileTheClaimIsUnbound() {
    PersistentVolumeClaim pending = claim("Pending");
    assertThat(turns.decide(NS, "jsi-a", pending, List.of(), List.of(), T).mount()).isTrue();
    turns.refuse(NS, "jsi-a", "pod has unbound immediate PersistentVolumeClaims");
    assertThat(turns.refused(NS, "jsi-a")).isTrue();
    DepotCacheUse again = turns.decide(NS, "jsi-a", bound, List.of(), List.of(), T);
    assertThat(again.mount()).isFalse();
    assertThat(again.message()).contains("unbound immediate");
    assertThat(turns.decide(NS, "jsi-b", pending, List.of(), List.of(), T).mount()).isFalse();
    assertThat(turns.decide(NS, "jsi-b", bound, List.of(), List.of(), T).mount())
        .as("bound now: the others try it")
        .isTrue();
    assertThat(
            turns.decide("elsewhere", "jsi-c", claim("Pending"), List.of(), List.of(), T).mount())
        .as("another namespace has its own claim")
        .isTrue();
  }

  /**
   * A pod holds the volume until it is gone, whatever its Job says (before 1.31 it can end first).
   */
  @Test
  void aBuildPodStillRunningHoldsTheCacheAfterItsJobFailed() {
    Map<String, String> labels = new TreeMap<>(Labels.build("jsi-a"));
    labels.put(Labels.DEPOT_CACHE, "mounted");
    io.fabric8.kubernetes.api.model.Pod terminating =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withName("jsi-a-build-x1")
            .withNamespace(NS)
            .withLabels(labels)
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    List<Job> failed = List.of(job("jsi-a", true, "Failed"));
    assertThat(turns.decide(NS, "jsi-b", bound, failed, List.of(terminating), T).reason())
        .isEqualTo(DepotCacheUse.BUSY);
    terminating.getStatus().setPhase("Failed");
    assertThat(turns.decide(NS, "jsi-b", bound, failed, List.of(terminating), T).mount()).isTrue();
  }
}
