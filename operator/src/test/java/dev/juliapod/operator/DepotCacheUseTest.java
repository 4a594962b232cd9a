package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.plan.DepotCacheSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who mounts the depot cache, without a server. */
class DepotCacheUseTest {
  static final DepotCacheSettings RWO = new DepotCacheSettings("20Gi", null, "ReadWriteOnce");
  static final DepotCacheSettings RWX = new DepotCacheSettings("20Gi", "nfs", "ReadWriteMany");
  static final String CLAIM = "juliapod-depot-cache";
  static final List<String> ONCE = List.of("ReadWriteOnce");
  static final List<String> MANY = List.of("ReadWriteMany");

  @Test
  void noCacheNoCondition() {
    assertThat(DepotCacheUse.decide(DepotCacheSettings.OFF, CLAIM, "Bound", ONCE, false, List.of()))
        .isNull();
  }

  @Test
  void aReadWriteOnceCacheServesOneBuildAtATime() {
    assertThat(DepotCacheUse.decide(RWO, CLAIM, "Bound", ONCE, false, List.of()).mount()).isTrue();
    DepotCacheUse busy = DepotCacheUse.decide(RWO, CLAIM, "Bound", ONCE, false, List.of("jsi-a"));
    assertThat(busy.mount()).isFalse();
    assertThat(busy.reason()).isEqualTo(DepotCacheUse.BUSY);
    assertThat(busy.message()).contains("jsi-a").contains("building without it");
  }

  @Test
  void aReadWriteManyCacheServesEveryBuild() {
    assertThat(
            DepotCacheUse.decide(RWX, CLAIM, "Bound", MANY, false, List.of("jsi-a", "jsi-b"))
                .mount())
        .isTrue();
  }

  /** A claim's access modes cannot change: the claim that exists decides, and says why. */
  @Test
  void theClaimThatExistsDecidesNotTheFlag() {
    DepotCacheUse busy = DepotCacheUse.decide(RWX, CLAIM, "Bound", ONCE, false, List.of("jsi-a"));
    assertThat(busy.mount()).isFalse();
    assertThat(busy.message()).contains("the claim was made ReadWriteOnce");
    assertThat(DepotCacheUse.decide(RWO, CLAIM, "Bound", MANY, false, List.of("jsi-a")).mount())
        .isTrue();
  }

  /**
   * A class that binds when the first pod is scheduled (WaitForFirstConsumer, kind's `standard`)
   * leaves a claim Pending until a build mounts it, however old: it is mounted. Once a build that
   * mounted it could not get the volume, a claim still not bound is not; nor is a Lost one.
   */
  @Test
  void aPendingClaimIsMountedUntilABuildCouldNotGetIt() {
    assertThat(DepotCacheUse.decide(RWO, CLAIM, "Pending", ONCE, false, List.of()).mount())
        .isTrue();
    assertThat(DepotCacheUse.decide(RWO, CLAIM, null, List.of(), false, List.of()).mount())
        .isTrue();
    DepotCacheUse stuck = DepotCacheUse.decide(RWX, CLAIM, "Pending", MANY, true, List.of());
    assertThat(stuck.mount()).isFalse();
    assertThat(stuck.reason()).isEqualTo(DepotCacheUse.UNAVAILABLE);
    assertThat(stuck.message()).contains("kubectl describe pvc " + CLAIM);
    assertThat(DepotCacheUse.decide(RWO, CLAIM, "Bound", ONCE, true, List.of()).mount())
        .as("bound since: a Multi-Attach elsewhere refused that build only")
        .isTrue();
    assertThat(DepotCacheUse.decide(RWO, CLAIM, "Lost", ONCE, false, List.of()).reason())
        .isEqualTo(DepotCacheUse.UNAVAILABLE);
  }

  @Test
  void theConditionFollowsTheJobAnEarlierPassMade() {
    DepotCacheUse mounted = new DepotCacheUse(true, DepotCacheUse.MOUNTED, "m");
    assertThat(mounted.of(true)).isSameAs(mounted);
    assertThat(mounted.of(false).mount()).isFalse();
    assertThat(new DepotCacheUse(false, DepotCacheUse.BUSY, "b").of(true).reason())
        .isEqualTo(DepotCacheUse.MOUNTED);
  }
}
