package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.juliapod.api.SessionSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** spec.session.idleTimeout as Kubernetes tools write durations, and 0 for never. */
class IdleTimeoutTest {
  @Test
  void goDurationsAndIso() {
    assertThat(IdleTimeout.parse("45m")).isEqualTo(Duration.ofMinutes(45));
    assertThat(IdleTimeout.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(IdleTimeout.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(IdleTimeout.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(IdleTimeout.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(IdleTimeout.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(IdleTimeout.parse("0")).isZero();
    assertThat(IdleTimeout.parse("1.5ms")).as("whole milliseconds").isEqualTo(Duration.ofMillis(1));
    assertThat(IdleTimeout.parse("0.0001s"))
        .as("positive is never 0 (never)")
        .isEqualTo(Duration.ofMillis(1));
  }

  /** The CRD takes durations as Kubernetes tools write them; the operator's flags also ISO-8601. */
  @Test
  void theSpecTakesNoIso() {
    assertThat(IdleTimeout.spec("45m")).isTrue();
    assertThat(IdleTimeout.spec("0")).isTrue();
    assertThat(IdleTimeout.spec("PT2H")).isFalse();
    assertThat(IdleTimeout.spec("")).isFalse();
    SessionSpec session = new SessionSpec();
    session.idleTimeout = "PT2H";
    assertThatThrownBy(() -> IdleTimeout.check(session)).hasMessageContaining("not ISO-8601");
  }

  @Test
  void notDurations() {
    for (String bad :
        new String[] {
          "", "45", "m", "2 h", "1d", "-5m", "PT-5M", "1h 30m", "5m!", "9999999999999999h"
        }) {
      assertThat(IdleTimeout.parse(bad)).as(bad).isNull();
    }
  }

  @Test
  void unsetOrZeroIsNeverAndABadValueNamesTheField() {
    SessionSpec session = new SessionSpec();
    assertThat(IdleTimeout.of(session)).isEmpty();
    session.idleTimeout = "0";
    assertThat(IdleTimeout.of(session)).isEmpty();
    session.idleTimeout = "2h";
    assertThat(IdleTimeout.of(session)).contains(Duration.ofHours(2));
    session.idleTimeout = "two hours";
    assertThatThrownBy(() -> IdleTimeout.check(session))
        .hasMessageContaining("spec.session.idleTimeout \"two hours\"")
        .hasMessageContaining("30s, 45m, 2h");
  }

  @Test
  void describedAsWritten() {
    assertThat(IdleTimeout.describe(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(IdleTimeout.describe(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(IdleTimeout.describe(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(IdleTimeout.describe(Duration.ZERO)).isEqualTo("0s");
  }
}
