package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.plan.DepotCacheSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who mounts the depot cache, without a server. */
class DepotCacheUseTest {
  static final DepotCacheSettings RWO = new DepotCacheSettings("20Gi", null, "ReadWriteOnce");
  static final DepotCacheSettings RWX = new DepotCacheSettings("20Gi", "nfs", "ReadWriteMany");
  static final Duration PATIENCE = Duration.ofMinutes(2);
  static final String CLAIM = "juliapod-depot-cache";

  @Test
  void noCacheNoCondition() {
    assertThat(
            DepotCacheUse.decide(
                DepotCacheSettings.OFF, CLAIM, "Bound", Duration.ZERO, PATIENCE, List.of()))
        .isNull();
  }

  @Test
  void aReadWriteOnceCacheServesOneBuildAtATime() {
    assertThat(
            DepotCacheUse.decide(RWO, CLAIM, "Bound", Duration.ZERO, PATIENCE, List.of()).mount())
        .isTrue();
    DepotCacheUse busy =
        DepotCacheUse.decide(RWO, CLAIM, "Bound", Duration.ZERO, PATIENCE, List.of("jsi-a"));
    assertThat(busy.mount()).isFalse();
    assertThat(busy.reason()).isEqualTo(DepotCacheUse.BUSY);
    assertThat(busy.message()).contains("jsi-a").contains("building without it");
  }

  @Test
  void aReadWriteManyCacheServesEveryBuild() {
    assertThat(
            DepotCacheUse.decide(
                    RWX, CLAIM, "Bound", Duration.ZERO, PATIENCE, List.of("jsi-a", "jsi-b"))
                .mount())
        .isTrue();
  }

  /**
   * A class that binds when the first pod is scheduled (WaitForFirstConsumer, kind's `standard`)
   * leaves a new claim Pending: the first build mounts it. One Pending for longer than the patience
   * cannot be provisioned, and one Lost has no volume: builds go on without them.
   */
  @Test
  void aYoungPendingClaimIsMountedAnOldOneOrALostOneIsNot() {
    assertThat(
            DepotCacheUse.decide(RWO, CLAIM, "Pending", Duration.ofSeconds(30), PATIENCE, List.of())
                .mount())
        .isTrue();
    assertThat(DepotCacheUse.decide(RWO, CLAIM, null, Duration.ZERO, PATIENCE, List.of()).mount())
        .isTrue();
    DepotCacheUse old =
        DepotCacheUse.decide(RWX, CLAIM, "Pending", Duration.ofMinutes(5), PATIENCE, List.of());
    assertThat(old.mount()).isFalse();
    assertThat(old.reason()).isEqualTo(DepotCacheUse.UNAVAILABLE);
    assertThat(old.message())
        .contains("Pending after 300s")
        .contains("kubectl describe pvc " + CLAIM);
    assertThat(
            DepotCacheUse.decide(RWO, CLAIM, "Lost", Duration.ZERO, PATIENCE, List.of()).reason())
        .isEqualTo(DepotCacheUse.UNAVAILABLE);
  }
}
