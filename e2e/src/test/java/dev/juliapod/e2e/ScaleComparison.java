package dev.juliapod.e2e;

import dev.juliapod.e2e.reference.ReferenceOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * `bin/bench scale --compare` (issue 18, point 3): juliapod's packaged operator and the minimal
 * reference operator ({@link ReferenceOperator}) in one run, on the same mock, load and machine,
 * and juliapod's figures as ratios to the reference's. For each rate and each operator (the order
 * alternating between rates): a fresh mock server and registry, the same warm-up (the measured
 * load's namespaces and pinned sets, in namespaces and sets of its own), one seed JuliaPod per
 * pinned set waited for Ready (for juliapod, each set's one build; for the reference, sessions
 * only, so both leave the same session objects in the mock), a wait for the JIT to go quiet, then
 * the measured JuliaPods at the rate.
 */
final class ScaleComparison {
  private enum Operator {
    JULIAPOD,
    REFERENCE;

    OperatorProcess start(BenchCluster cluster, Path work) throws Exception {
      return this == JULIAPOD
          ? OperatorProcess.start(cluster.url(), work, cluster.juliapodEnv())
          : OperatorProcess.startMain(
              ReferenceOperator.class.getName(),
              System.getProperty("java.class.path"),
              cluster.url(),
              work,
              Map.of());
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private ScaleComparison() {}

  static void run(Map<String, String> options) throws Exception {
    int[] rates =
        Arrays.stream(options.getOrDefault("rates", "5,20,50").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    String[] pods = options.getOrDefault("pods", "").split(",");
    int namespaces = Integer.parseInt(options.get("namespaces"));
    int sets = Integer.parseInt(options.get("sets"));
    Duration build = Duration.parse(options.get("build"));
    // Long enough for the JIT to compile what each JuliaPod runs (plans, session objects):
    // after 200, the CPU per JuliaPod of both operators was still falling (BENCHMARKS.md).
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "1000"));
    // Rounds of 500 after it whether or not the JIT looks settled, to see what a longer warm-up
    // changes (BENCHMARKS.md, fifth round: 8,000 JuliaPods did not quiet the measured window).
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "0"));
    // Pairs of runs per rate (--repeats), each on fresh JVMs, the order alternating.
    int repeats = Integer.parseInt(options.getOrDefault("repeats", "1"));
    List<String> summary = new ArrayList<>();
    for (int r = 0; r < rates.length; r++) {
      int rate = rates[r];
      // Default 300 at 5 per second (60 s each), 1,000 above; one --pods for all, or one a rate.
      int count =
          pods[0].isEmpty()
              ? (rate <= 5 ? 300 : 1000)
              : Integer.parseInt(pods[Math.min(r, pods.length - 1)]);
      Map<Operator, List<ComparedFigures>> runs = new java.util.EnumMap<>(Operator.class);
      for (int repeat = 0; repeat < repeats; repeat++) {
        List<Operator> order =
            (r + repeat) % 2 == 0
                ? List.of(Operator.JULIAPOD, Operator.REFERENCE)
                : List.of(Operator.REFERENCE, Operator.JULIAPOD);
        for (Operator operator : order) {
          System.out.printf(
              "== %s at %d per second%s: %d JuliaPods in %d namespaces from %d pinned sets,"
                  + " after a warm-up of %d and %d seeds%n",
              operator.label(),
              rate,
              repeats == 1 ? "" : ", run " + (repeat + 1) + " of " + repeats,
              count,
              namespaces,
              sets,
              warmup,
              sets);
          runs.computeIfAbsent(operator, k -> new ArrayList<>())
              .add(measure(operator, rate, count, namespaces, sets, build, warmup, rounds));
        }
      }
      summary.addAll(
          ComparisonTable.rows(rate, runs.get(Operator.JULIAPOD), runs.get(Operator.REFERENCE)));
    }
    System.out.println("== juliapod / reference, same mock, load and machine");
    summary.forEach(System.out::println);
  }

  private static ComparedFigures measure(
      Operator kind,
      int rate,
      int pods,
      int namespaces,
      int sets,
      Duration build,
      int warmup,
      int rounds)
      throws Exception {
    Path work = Files.createTempDirectory("juliapod-compare");
    long started = System.nanoTime();
    try (BenchCluster cluster = new BenchCluster(build);
        OperatorProcess operator = kind.start(cluster, work)) {
      ScaleLoad load = new ScaleLoad(cluster.client());
      // No need to wait at 5 per second; the measured load's shape, in namespaces of its own.
      warmUp(operator, load, warmup, rounds, Math.max(rate, 20), namespaces, sets);
      OperatorCounters start = OperatorCounters.of(operator);
      // "Every sysimage already built": one JuliaPod of each set first, not counted.
      var seeds = load.create(load.seeds(namespaces, sets), rate);
      ScaleLoad.awaitReady(seeds.keySet(), cluster.ready, Duration.ofMinutes(5));
      Thread.sleep(2000); // events are sent from a background thread
      quiet(operator);
      cluster.requests(); // drained: only the measured JuliaPods' requests are counted
      System.out.printf(
          "  measured from %.0f s after the operator started%n",
          (System.nanoTime() - started) / 1e9);
      OperatorCounters before = OperatorCounters.of(operator);
      var created = load.create(load.measured(pods, namespaces, sets), rate);
      ScaleLoad.awaitReady(created.keySet(), cluster.ready, Duration.ofMinutes(10));
      Thread.sleep(2000);
      OperatorCounters counted = OperatorCounters.of(operator).since(before);
      BenchCluster.Requests requests = cluster.requests();
      List<Double> latency = new ArrayList<>();
      created.forEach(
          (key, at) -> {
            Long ready = cluster.ready.get(key);
            if (ready != null) {
              latency.add((ready - at) / 1e6);
            }
          });
      latency.sort(Double::compare);
      ComparedFigures figures =
          new ComparedFigures(
              pods,
              latency.size(),
              ScaleBench.percentile(latency, 50),
              ScaleBench.percentile(latency, 99),
              (double) requests.total() / pods,
              counted.reconciles() / pods,
              (double) counted.cpu().toMillis() / pods,
              operator.heapAfterFullGc(),
              before.since(start),
              counted,
              requests);
      // Where the heap goes, kept beside the log for whoever looks next.
      operator.histogram(work.resolve("histogram.txt"));
      print(kind, figures);
      // Both name the session pod `<name>-repl` (the reference copies juliapod's names).
      System.out.println(
          LatencyParts.describe(
              LatencyParts.of(created, cluster.ready, cluster.sessions, key -> key + "-repl")));
      System.out.println("  log, live objects by class: " + work);
      return figures;
    }
  }

  /** Warm-up rounds after the first, of this many JuliaPods: both operators run all of them. */
  private static final int MORE_ROUNDS = 10;

  private static final int ROUND = 500;

  /** JIT compilation per warm-up JuliaPod under which the JVM counts as warm. */
  private static final double SETTLED_MILLIS = 1.0;

  /**
   * The warm-up, then more rounds: with 1,000 warm-up JuliaPods the compilers still took 8 of
   * juliapod's 18 ms per measured JuliaPod, and 4 of the reference's 11, so the figures were of
   * JVMs warming up more than of the operators (BENCHMARKS.md).
   *
   * <p>The same number of rounds for both, not "until the JIT has settled": fabric8 closes each
   * informer's watch at a random 5 to 10 minutes after opening it and opens the next after a pause
   * (kubernetes-client Reflector.startWatcher, its timeoutFuture; AbstractWatchManager
   * .scheduleReconnect), in which that kind's events wait. Stopping when settled measured the
   * reference, which settles sooner, before its first reopen, and juliapod, which never settled,
   * inside the band of its first: in the tenth round both of juliapod's runs had a pod watch
   * reopened in the window, and the pods whose Ready fell in its pause took its p99.
   */
  private static void warmUp(
      OperatorProcess operator,
      ScaleLoad load,
      int count,
      int rounds,
      int rate,
      int namespaces,
      int sets)
      throws Exception {
    if (count == 0) {
      return;
    }
    Duration before = operator.compilation();
    load.warmUp(count, rate, 0, namespaces, sets);
    double perPod = (double) operator.compilation().minus(before).toMillis() / count;
    for (int round = 1; round <= Math.max(rounds, MORE_ROUNDS); round++) {
      System.out.printf(
          "  JIT compiling %.1f ms per warm-up JuliaPod%s%n",
          perPod, perPod > SETTLED_MILLIS ? ": not settled" : "");
      before = operator.compilation();
      load.warmUp(ROUND, rate, round, namespaces, sets);
      perPod = (double) operator.compilation().minus(before).toMillis() / ROUND;
    }
    System.out.printf("  JIT compiling %.1f ms per warm-up JuliaPod%n", perPod);
  }

  /** How long {@link #quiet} waits at most, and how often it looks. */
  private static final Duration QUIET_AT_MOST = Duration.ofSeconds(90);

  private static final Duration QUIET_STEP = Duration.ofSeconds(5);

  /**
   * Waits until the JIT compilers are nearly idle (under 2% of a core over {@link #QUIET_STEP}), so
   * that what they compile in the measured window is the measured load's own and not left over from
   * the seeds' hundred builds. Quiet compilers do not mean warm code: the seeds' builds threw away
   * C2 code compiled while warm-up rounds only joined built sysimages, and juliapod compiled it
   * again in the measured window, which is why every warm-up round now builds (BENCHMARKS.md, sixth
   * round).
   */
  private static void quiet(OperatorProcess operator) throws Exception {
    long start = System.nanoTime();
    Duration before = operator.compilation();
    boolean quiet = false;
    while (!quiet && System.nanoTime() - start < QUIET_AT_MOST.toNanos()) {
      Thread.sleep(QUIET_STEP.toMillis());
      Duration now = operator.compilation();
      quiet = now.minus(before).toMillis() < QUIET_STEP.toMillis() / 50;
      before = now;
    }
    System.out.printf(
        "  waited %.0f s after the seeds for the JIT to go quiet%s%n",
        (System.nanoTime() - start) / 1e9, quiet ? "" : " (it did not)");
    // What the operator spends with nothing arriving: a cost per second, not per JuliaPod,
    // that weighs more per JuliaPod the lower the rate.
    Duration cpu = operator.cpu();
    Duration jit = operator.compilation();
    Thread.sleep(REST.toMillis());
    System.out.printf(
        "  at rest: %.1f ms CPU a second, %.1f of it JIT compiling%n",
        operator.cpu().minus(cpu).toNanos() / 1e6 / REST.toSeconds(),
        operator.compilation().minus(jit).toNanos() / 1e6 / REST.toSeconds());
  }

  /** How long the operator's CPU at rest is measured for, after the JIT went quiet. */
  private static final Duration REST = Duration.ofSeconds(20);

  private static void print(Operator kind, ComparedFigures f) {
    System.out.printf(
        "%s: Ready %d of %d; create→Ready p50 %.0f ms, p99 %.0f ms; %.2f requests, %.2f"
            + " reconciles, %.1f ms CPU per JuliaPod; heap %d MiB after a full GC; builds"
            + " started %.0f for the seeds, %.0f for the measured; JIT compiling %.1f ms per"
            + " JuliaPod%n  %s%n",
        kind.label(),
        f.ready(),
        f.pods(),
        f.p50(),
        f.p99(),
        f.requests(),
        f.reconciles(),
        f.cpu(),
        f.heap(),
        f.seeded().buildsStarted(),
        f.measured().buildsStarted(),
        f.jit(),
        f.byVerb().describe(f.pods()));
  }
}
