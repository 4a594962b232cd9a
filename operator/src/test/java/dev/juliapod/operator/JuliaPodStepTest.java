package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.operator.StatusConditions.State;
import dev.juliapod.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JuliaPod reconcile's decisions, without a server: which sysimage, then what next. */
class JuliaPodStepTest {
  private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private static Plan plan(String image) throws Exception {
    JuliaPod pod = SysimageReadinessTest.hello();
    pod.getSpec().image = image;
    return TestBases.plan(pod, OperatorTestBase.defaults());
  }

  @Test
  void aNewJuliaPodUsesItsPlansSysimageAndBuildsAtOnce() throws Exception {
    Plan plan = plan(null);
    JuliaPodStep.Join join = JuliaPodStep.join(plan, false, NOW, SETTLE);
    assertThat(join.hold()).isEqualTo(plan.sysimage().name());
    assertThat(join.buildAfter()).isNull();
  }

  @Test
  void anEditedJuliaPodWaitsForTheNextEdit() throws Exception {
    Plan plan = plan(null);
    JuliaPodStep.Join join = JuliaPodStep.join(plan, true, NOW, SETTLE);
    assertThat(join.hold()).isEqualTo(plan.sysimage().name());
    assertThat(join.buildAfter()).isEqualTo(NOW.plus(SETTLE));
  }

  @Test
  void aPlanWithNothingToBuildUsesNoSysimage() throws Exception {
    Plan plan = plan("ghcr.io/team/julia:1.11");
    assertThat(plan.prebuilt()).isTrue();
    JuliaPodStep.Join join = JuliaPodStep.join(plan, true, NOW, SETTLE);
    assertThat(join.hold()).isNull();
    assertThat(join.buildAfter()).isNull();
  }

  @Test
  void aPlanErrorIsAnnouncedOnceForTheSameMessage() {
    JuliaPodStatus status = new JuliaPodStatus();
    assertThat(JuliaPodStep.invalid("InvalidSpec", "Manifest.toml: bad", status).announce())
        .isTrue();
    StatusConditions.apply(
        status, 1, State.STALLED, Phase.FAILED, "InvalidSpec", "Manifest.toml: bad", NOW);
    assertThat(JuliaPodStep.invalid("InvalidSpec", "Manifest.toml: bad", status).announce())
        .isFalse();
    assertThat(JuliaPodStep.invalid("InvalidSpec", "Project.toml: other", status).announce())
        .isTrue();
  }

  @Test
  void theSessionWaitsForTheImageAndRunsOnItOnceThere() {
    JuliaPodStatus status = new JuliaPodStatus();
    SysimageReadiness building = new SysimageReadiness(null, "Building", "building x", false);
    SysimageReadiness failed = new SysimageReadiness(null, "BuildFailed", "oom", true);
    SysimageReadiness built = new SysimageReadiness("r/x@sha256:1", "Built", "r/x", false);
    assertThat(JuliaPodStep.next(building, status)).isInstanceOf(JuliaPodStep.AwaitImage.class);
    assertThat(JuliaPodStep.next(failed, status)).isInstanceOf(JuliaPodStep.AwaitImage.class);
    assertThat(JuliaPodStep.next(built, status))
        .isEqualTo(new JuliaPodStep.RunSession(built, false));
  }

  @Test
  void nothingToBakeIsAnnouncedWhenTheJuliaPodFirstLearnsIt() {
    JuliaPodStatus status = new JuliaPodStatus();
    SysimageReadiness base = new SysimageReadiness("julia:1.11", "NothingToBake", "none", false);
    assertThat(((JuliaPodStep.RunSession) JuliaPodStep.next(base, status)).announce()).isTrue();
    StatusConditions.set(status, PlanStatus.SYSIMAGE_READY, true, "NothingToBake", "none", 1, NOW);
    assertThat(((JuliaPodStep.RunSession) JuliaPodStep.next(base, status)).announce()).isFalse();
  }
}
