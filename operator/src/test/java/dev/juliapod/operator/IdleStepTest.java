package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.Labels;
import dev.juliapod.session.ActivityEndpoint;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Idle culling's decisions without a server. */
class IdleStepTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void idlePastTheTimeoutWhenAskedIsDue() {
    var verdict = IdleStep.judge(answer(NOW.minus(Duration.ofMinutes(61)), false), HOUR);
    assertThat(verdict).isInstanceOf(IdleStep.Due.class);
    assertThat(((IdleStep.Due) verdict).idleFor()).isEqualTo(Duration.ofMinutes(61));
    assertThat(IdleStep.judge(answer(NOW.minus(HOUR), false), HOUR))
        .as("exactly the timeout")
        .isInstanceOf(IdleStep.Due.class);
  }

  /** Idleness is measured on the clock the REPL stamped with, which the listener's Date gives. */
  @Test
  void theNodesClockNotTheOperatorsMeasuresIdleness() {
    var report = new ActivityEndpoint.Report(NOW.minus(Duration.ofMinutes(50)), false);
    var nodeAhead = new IdleStep.Answer("uid", NOW, report, null, NOW.plus(Duration.ofMinutes(15)));
    assertThat(IdleStep.judge(nodeAhead, HOUR)).isInstanceOf(IdleStep.Due.class);
    var nodeBehind =
        new IdleStep.Answer("uid", NOW, report, null, NOW.minus(Duration.ofMinutes(5)));
    assertThat(IdleStep.judge(nodeBehind, HOUR))
        .isEqualTo(new IdleStep.Active(report.lastActivity(), false, Duration.ofMinutes(45)));
  }

  @Test
  void busyIsActiveHoweverOldTheInput() {
    var verdict = IdleStep.judge(answer(NOW.minus(Duration.ofDays(3)), true), HOUR);
    assertThat(verdict)
        .isEqualTo(new IdleStep.Active(NOW.minus(Duration.ofDays(3)), true, Duration.ZERO));
  }

  @Test
  void activityAheadOfOurClockIsNotIdleAtAll() {
    var verdict = IdleStep.judge(answer(NOW.plusSeconds(30), false), HOUR);
    assertThat(verdict).isEqualTo(new IdleStep.Active(NOW.plusSeconds(30), false, Duration.ZERO));
  }

  @Test
  void noAnswerIsUnknownAndNotAskedIsUnasked() {
    assertThat(IdleStep.judge(null, HOUR)).isInstanceOf(IdleStep.Unasked.class);
    var unknown = new IdleStep.Answer("uid", NOW, null, "connection refused");
    assertThat(IdleStep.judge(unknown, HOUR)).isEqualTo(new IdleStep.Unknown("connection refused"));
  }

  @Test
  void onlyAChangeOfMeaningOrADueCullWakesTheJuliaPod() {
    var active = new IdleStep.Active(NOW, false, Duration.ZERO);
    var busy = new IdleStep.Active(NOW, true, Duration.ZERO);
    assertThat(IdleStep.worthAPass(active, busy)).as("busy or not: no status write").isFalse();
    assertThat(IdleStep.worthAPass(active, new IdleStep.Unknown("x"))).isTrue();
    assertThat(IdleStep.worthAPass(new IdleStep.Unasked(), active)).isTrue();
    var due = new IdleStep.Due(NOW, HOUR);
    assertThat(IdleStep.worthAPass(due, due)).as("a cull not done yet is asked for again").isTrue();
  }

  @Test
  void aCulledJuliaPodStaysIdleUntilItsSpecChangesOrItIsResumed() {
    JuliaPod pod = culled("2026-12-01T11:00:00Z", 3, 3);
    assertThat(IdleStep.idle(pod)).isTrue();

    assertThat(IdleStep.idle(culled("2026-12-01T11:00:00Z", 4, 3))).as("spec edited").isFalse();

    pod.getMetadata().getAnnotations().put(Labels.RESUME, "2026-11-30T08:00:00Z");
    assertThat(IdleStep.idle(pod)).as("an earlier idle period's resume").isTrue();
    pod.getMetadata().getAnnotations().put(Labels.RESUME, "2026-12-01T11:00:00Z");
    assertThat(IdleStep.idle(pod)).isFalse();

    JuliaPod ready = culled(null, 3, 3);
    ready.getStatus().phase = "Ready";
    assertThat(IdleStep.idle(ready)).isFalse();
  }

  private static IdleStep.Answer answer(Instant last, boolean busy) {
    return new IdleStep.Answer("uid", NOW, new ActivityEndpoint.Report(last, busy), null);
  }

  private static JuliaPod culled(String since, long generation, long observed) {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(
        new ObjectMetaBuilder()
            .withName("hello")
            .withGeneration(generation)
            .withAnnotations(new java.util.HashMap<>())
            .build());
    JuliaPodStatus status = new JuliaPodStatus();
    status.phase = "Idle";
    status.idleSince = since;
    status.observedGeneration = observed;
    pod.setStatus(status);
    return pod;
  }
}
