package dev.juliapod.cli;

import java.util.concurrent.ForkJoinPool;

/**
 * Keeps the JDK's HTTP client from starting a thread per response on small machines
 * (docs/design.md, "Threads").
 *
 * <p>fabric8's JDK client sends every request with {@code HttpClient.sendAsync}, and the JDK
 * completes each answer on {@code CompletableFuture}'s default executor (openjdk/jdk,
 * src/java.net.http/share/classes/jdk/internal/net/http/HttpClientImpl.java, sendAsync: {@code
 * whenCompleteAsync(..., ASYNC_POOL)}). That executor is the common ForkJoinPool only when its
 * parallelism is above 1; otherwise it is a new thread per task
 * (src/java.base/share/classes/java/util/concurrent/CompletableFuture.java, {@code
 * USE_COMMON_POOL}, {@code ThreadPerTaskExecutor}). The common pool's parallelism is the processor
 * count minus one, so with one or two CPUs (a pod with a CPU limit, kind on a CI runner) the
 * operator started a thread for each of its thousands of requests (BENCHMARKS.md).
 */
final class CommonPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /**
   * Gives the common pool two threads at least, unless the user set its parallelism. Must run
   * before anything touches ForkJoinPool or CompletableFuture: both read the setting once.
   */
  static void atLeastTwo() {
    if (System.getProperty(PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(PARALLELISM, "2");
    }
  }

  /** Whether HTTP answers complete on the common pool rather than on a thread each. */
  static boolean pooled() {
    return ForkJoinPool.getCommonPoolParallelism() > 1;
  }
}
