package dev.juliapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real-cluster run (e2e/kind/run.sh), opt-in: it needs Docker, kind, kubectl, helm and internet
 * access, and a sysimage build takes many minutes.
 */
class KindIT {
  @Test
  void helloOnKindLoadsExampleFromTheSysimage() throws Exception {
    boolean enabled = "1".equals(System.getenv("JULIAPOD_E2E_KIND"));
    String howTo =
        "KindIT skipped: the kind suite is opt-in. With docker, kind, kubectl and"
            + " helm on PATH run `JULIAPOD_E2E_KIND=1 ./mvnw -B verify`, or e2e/kind/run.sh directly";
    if (!enabled) {
      System.err.println(howTo); // the console shows skip reasons only in the XML reports
    }
    assumeTrue(enabled, howTo);
    Path script = Examples.ROOT.resolve("e2e/kind/run.sh");
    Process run = new ProcessBuilder("bash", script.toString()).inheritIO().start();
    boolean finished = run.waitFor(90, TimeUnit.MINUTES);
    if (!finished) {
      run.destroyForcibly();
    }
    assertThat(finished).as("e2e/kind/run.sh finished within 90 minutes").isTrue();
    assertThat(run.exitValue()).as("e2e/kind/run.sh exit code (its output is above)").isZero();
  }
}
