package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Whether a JuliaPod's image is there, for each kind of plan and build state. */
class SysimageReadinessTest {
  /** examples/hello in namespace team. */
  static JuliaPod hello() throws Exception {
    JuliaPod pod =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(OperatorTestBase.ROOT.resolve("examples/hello/juliapod.yaml")),
                JuliaPod.class);
    pod.getMetadata().setNamespace("team");
    return pod;
  }

  private static Plan plan(JuliaPod pod) throws Exception {
    return TestBases.plan(pod, OperatorTestBase.defaults());
  }

  @Test
  void aUsersImageOrTheBaseImageNeedsNoBuild() throws Exception {
    JuliaPod own = hello();
    own.getSpec().image = "ghcr.io/team/julia:1.11";
    JuliaSysimageStatus stale = new JuliaSysimageStatus();
    stale.image = "registry.test/old@sha256:" + "b".repeat(64);
    SysimageReadiness prebuilt = SysimageReadiness.of(plan(own), stale);
    assertThat(prebuilt.image())
        .as("the plan wins over a sysimage it no longer uses")
        .isEqualTo("ghcr.io/team/julia:1.11");
    assertThat(prebuilt.reason()).isEqualTo("Prebuilt");
    assertThat(prebuilt.failed()).isFalse();

    JuliaPod unpinned = hello();
    unpinned.getSpec().project.inline.manifestToml =
        unpinned.getSpec().project.inline.manifestToml.replace("pinned = true\n", "");
    SysimageReadiness base = SysimageReadiness.of(plan(unpinned), null);
    assertThat(base.ready()).isTrue();
    assertThat(base.reason()).isEqualTo("NothingToBake");
    assertThat(base.image()).contains("julia:1.11.7@sha256:");
  }

  @Test
  void aBuildIsReadyWithItsDigestFailedWithItsReasonOrStillBuilding() throws Exception {
    Plan plan = plan(hello());
    assertThat(SysimageReadiness.of(plan, null).reason()).isEqualTo("Building");
    assertThat(SysimageReadiness.of(plan, null).failed()).isFalse();
    assertThat(SysimageReadiness.of(plan, new JuliaSysimageStatus()).message())
        .isEqualTo("building sysimage " + plan.sysimage().name());

    JuliaSysimageStatus failed = new JuliaSysimageStatus();
    StatusConditions.apply(
        failed, 1, State.STALLED, Phase.FAILED, "OOMKilled", "ran out", Instant.EPOCH);
    SysimageReadiness broken = SysimageReadiness.of(plan, failed);
    assertThat(broken.failed()).isTrue();
    assertThat(broken.ready()).isFalse();
    assertThat(broken.message()).isEqualTo("sysimage build failed (OOMKilled): ran out");

    JuliaSysimageStatus failedWithoutReason = new JuliaSysimageStatus();
    failedWithoutReason.phase = "Failed";
    failedWithoutReason.message = "gone wrong";
    assertThat(SysimageReadiness.of(plan, failedWithoutReason).message())
        .isEqualTo("sysimage build failed (Failed): gone wrong");

    JuliaSysimageStatus built = new JuliaSysimageStatus();
    built.image = "registry.test/juliapod@sha256:" + "a".repeat(64);
    built.phase = "Failed"; // an image, once pushed, is what counts
    assertThat(SysimageReadiness.of(plan, built).image()).isEqualTo(built.image);
    assertThat(SysimageReadiness.of(plan, built).failed()).isFalse();
  }
}
