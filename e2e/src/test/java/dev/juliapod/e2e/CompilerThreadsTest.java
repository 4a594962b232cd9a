package dev.juliapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompilerThreadsTest {
  // A C2 compiler thread of the bench's operator, read from /proc on this machine.
  private static final String C2 =
      "27706 (C2 CompilerThre) S 27325 22076 21571 0 -1 4194368 23572 0 0 0 2891 33 0 0 20 0"
          + " 146 0 2149686 3080155136 115760 18446744073709551615 0 0 0 0 0 0 4 1 16800974 1";

  @Test
  void aCompilerThreadsUserAndSystemTicksAreCounted() {
    assertThat(CompilerThreads.compilerTicks(C2)).isEqualTo(2891 + 33);
    assertThat(CompilerThreads.compilerTicks(C2.replace("C2 Compiler", "C1 Compiler")))
        .isEqualTo(2924);
  }

  @Test
  void otherThreadsCountNothingWhateverTheirNames() {
    assertThat(CompilerThreads.compilerTicks(C2.replace("C2 CompilerThre", "GC Thread#0")))
        .isZero();
    // A thread may name itself with spaces and parentheses; the name ends at the last ')'.
    assertThat(CompilerThreads.compilerTicks(C2.replace("C2 CompilerThre", "x) 1 2 (y"))).isZero();
    assertThat(CompilerThreads.compilerTicks("garbage")).isZero();
  }

  @Test
  void thisJvmsCompilersUsedSomeOfItsCpuAndNeverMoreThanAll() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc on this system");
    long pid = ProcessHandle.current().pid();
    Duration jit = CompilerThreads.cpu(pid).orElseThrow();
    Duration all = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
    // Loading JUnit and AssertJ makes the compilers work; HotSpot's elapsed-time counter
    // could report more than the process's CPU, which this figure must not.
    assertThat(jit).isPositive().isLessThanOrEqualTo(all);
  }
}
