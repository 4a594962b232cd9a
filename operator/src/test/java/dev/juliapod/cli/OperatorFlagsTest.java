package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Operator flags refused before the operator starts: exit 2 naming the flag. */
class OperatorFlagsTest {
  @Test
  void anActivityIntervalUnderASecondIsRefused() {
    for (String bad : new String[] {"0s", "500ms", "PT0S", "lots"}) {
      Cli run = Cli.run("operator", "--activity-interval", bad);
      assertThat(run.exit()).as(bad).isEqualTo(2);
      assertThat(run.err())
          .contains("--activity-interval '" + bad + "' is not a duration of a second or more");
    }
  }

  @Test
  void anIdleTimeoutThatIsNoDurationIsRefused() {
    Cli run = Cli.run("operator", "--idle-timeout", "2");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--idle-timeout '2' is not a duration");
  }
}
