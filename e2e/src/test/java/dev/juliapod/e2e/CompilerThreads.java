package dev.juliapod.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of a HotSpot JVM's JIT compiler threads, read from Linux's /proc/PID/task/TID/stat.
 *
 * <p>Why not HotSpot's own figure: {@code java.ci.totalTime}, which CompilationMXBean reports, is
 * "the approximate accumulated elapsed time" of each compilation, summed over compiler threads
 * (java.management's CompilationMXBean.getTotalCompilationTime). On two busy cores a compilation
 * waits for a CPU as long as it runs, so that figure came out above the whole process's CPU in a
 * loaded run (23.7 s against 19.6 s), and "of it JIT compiling" was not of it.
 *
 * <p>HotSpot names its compiler threads "C1 CompilerThreadN" and "C2 CompilerThreadN", which the
 * kernel keeps to 15 characters. On a machine of two CPUs it starts one of each and never stops
 * them (CICompilerCount 2, the least UseDynamicNumberOfCompilerThreads keeps); on larger machines a
 * thread that exits takes its time with it, so the figure is a lower bound there.
 */
final class CompilerThreads {
  /** The kernel's clock ticks per second (USER_HZ), the unit of /proc's CPU times. */
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private CompilerThreads() {}

  /** Clock ticks of a stat line's utime + stime if the thread is a JIT compiler's, else 0. */
  static long compilerTicks(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    String name = stat.substring(open + 1, close);
    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
      return 0;
    }
    // After the name: state (field 3) ... utime (14), stime (15); proc(5).
    String[] fields = stat.substring(close + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The compiler threads' CPU so far, or empty where there is no /proc to read. */
  static Optional<Duration> cpu(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    if (!Files.isDirectory(tasks)) {
      return Optional.empty();
    }
    long ticks = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        try {
          ticks += compilerTicks(Files.readString(thread.resolve("stat")));
        } catch (NoSuchFileException exited) {
          // A thread that ended between the listing and the read.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(Duration.ofNanos(ticks * 1_000_000_000L / TICKS_PER_SECOND));
  }

  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
