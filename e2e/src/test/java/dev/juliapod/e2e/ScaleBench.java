package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scale benchmark of BENCHMARKS.md (`bin/bench scale`): the packaged operator in its own JVM
 * against the CRUD mock server; this process creates the JuliaPods and plays the cluster through
 * watches (builds take {@code --build} each, session pods are ready at once). With {@code
 * --compare}, {@link ScaleComparison} instead; with {@code --central}, {@link CentralBench}.
 *
 * <p>Per JuliaPod, operator overhead = create→Ready minus the simulated time it waited for: the
 * part of its build that ran after it was created, and its session pod's start.
 */
public final class ScaleBench {
  private OperatorCounters before;
  private final BenchCluster cluster;
  private final KubernetesClient client;
  private final Duration build;
  private final List<Double> probes = java.util.Collections.synchronizedList(new ArrayList<>());
  private Map<String, Long> created = Map.of();

  private ScaleBench(BenchCluster cluster, Duration build) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.build = build;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    if (options.containsKey("compare")) {
      ScaleComparison.run(options);
      System.exit(0);
    }
    if (options.containsKey("central")) {
      System.exit(CentralBench.run(options) ? 0 : 1);
    }
    options.putIfAbsent("pods", "1000");
    options.putIfAbsent("rate", "50");
    int pods = Integer.parseInt(options.get("pods"));
    int namespaces = Integer.parseInt(options.get("namespaces"));
    int sets = Integer.parseInt(options.get("sets"));
    int rate = Integer.parseInt(options.get("rate"));
    Duration build = Duration.parse(options.get("build"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));

    Path work = Files.createTempDirectory("juliapod-scale");
    try (BenchCluster cluster = new BenchCluster(build)) {
      ScaleBench bench = new ScaleBench(cluster, build);
      try (OperatorProcess operator =
          OperatorProcess.start(cluster.url(), work, cluster.juliapodEnv())) {
        new ScaleLoad(cluster.client()).warmUp(warmup, rate);
        cluster.requests(); // drained: only the measured run's requests are reported
        bench.before = OperatorCounters.of(operator);
        bench.run(operator, pods, namespaces, sets, rate);
      }
      System.out.println(cluster.requests().describe(pods));
    }
    System.exit(0);
  }

  /** {@code --key=value} and {@code --flag} over the defaults both modes share. */
  static Map<String, String> options(String[] args) {
    Map<String, String> options =
        new HashMap<>(Map.of("namespaces", "20", "sets", "100", "build", "PT2S"));
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    return options;
  }

  private void run(OperatorProcess operator, int pods, int namespaces, int sets, int rate)
      throws Exception {
    System.out.printf(
        "%d JuliaPods in %d namespaces from %d pinned sets, %d created per"
            + " second, builds take %s%n",
        pods, namespaces, sets, rate, build);
    ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
    probe.scheduleWithFixedDelay(
        () -> {
          long t = System.nanoTime();
          try {
            client.resources(JuliaPod.class).inNamespace("bench-0").withName("jp-0").get();
            probes.add((System.nanoTime() - t) / 1e6);
          } catch (RuntimeException e) {
            // counted only when answered
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    created =
        new ScaleLoad(client).create(new ScaleLoad(client).measured(pods, namespaces, sets), rate);
    ScaleLoad.awaitReady(created.keySet(), cluster.ready, Duration.ofMinutes(10));
    probe.shutdownNow();
    long end =
        cluster.ready.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
    report(operator, pods, sets, (end - start) / 1e9);
  }

  private void report(OperatorProcess operator, int pods, int sets, double seconds)
      throws Exception {
    List<Double> overhead = new ArrayList<>();
    List<List<Double>> byFifth = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byFifth.add(new ArrayList<>());
    }
    int index = 0;
    for (var entry : created.entrySet()) {
      String key = entry.getKey();
      long createdAt = entry.getValue();
      Long readyAt = cluster.ready.get(key);
      if (readyAt == null) {
        index++;
        continue;
      }
      JuliaPod pod =
          client
              .resources(JuliaPod.class)
              .inNamespace(key.split("/")[0])
              .withName(key.split("/")[1])
              .get();
      double ms = (readyAt - createdAt - simulatedWait(cluster, pod, createdAt)) / 1e6;
      overhead.add(ms);
      byFifth.get(Math.min(4, index++ * 5 / pods)).add(ms);
    }
    overhead.sort(Double::compare);
    OperatorCounters counted = OperatorCounters.of(operator).since(before);
    System.out.printf(
        "Ready: %d of %d; builds started %.0f (want %d), succeeded %.0f%n",
        overhead.size(), pods, counted.buildsStarted(), sets, counted.buildsSucceeded());
    System.out.printf(
        "operator overhead per JuliaPod: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        percentile(overhead, 50), percentile(overhead, 99), overhead.get(overhead.size() - 1));
    StringBuilder fifths = new StringBuilder("  by creation order, p50/p99 per fifth:");
    for (List<Double> fifth : byFifth) {
      fifth.sort(Double::compare);
      if (!fifth.isEmpty()) {
        fifths.append(String.format(" %.0f/%.0f", percentile(fifth, 50), percentile(fifth, 99)));
      }
    }
    System.out.println(fifths + " ms");
    Duration cpu = counted.cpu();
    System.out.printf(
        "operator CPU: %.1f s for the run = %.1f ms per JuliaPod (all threads:"
            + " reconciles, informers, JSON, GC; JIT compiling %.1f s of it)%n",
        cpu.toMillis() / 1e3,
        (double) cpu.toMillis() / pods,
        counted.compilation().toMillis() / 1e3);
    System.out.printf(
        "reconciles: %.0f in %.1f s = %.0f per second%n",
        counted.reconciles(), seconds, counted.reconciles() / seconds);
    System.out.println("operator memory once all are Ready: " + operator.memory());
    List<Double> rtt = new ArrayList<>(probes);
    rtt.sort(Double::compare);
    if (!rtt.isEmpty()) {
      System.out.printf(
          "API round trip during the run (a GET every 100 ms from this process):"
              + " p50 %.1f ms, p99 %.1f ms, %d probes%n",
          percentile(rtt, 50), percentile(rtt, 99), rtt.size());
    }
  }

  /**
   * How long {@code pod}, created at {@code createdAt}, waited for the simulation: the part of its
   * sysimage's build that ran after it was created (the sysimage where its status says, the build
   * namespace with central builds), and its session pod's start.
   */
  static long simulatedWait(BenchCluster cluster, JuliaPod pod, long createdAt) {
    String namespace =
        pod.getStatus().sysimageNamespace != null
            ? pod.getStatus().sysimageNamespace
            : pod.getMetadata().getNamespace();
    long[] job = cluster.jobs.get(BenchCluster.key(namespace, pod.getStatus().sysimage));
    long buildWait = job == null ? 0 : Math.max(0, job[1] - Math.max(job[0], createdAt));
    long[] session =
        cluster.sessions.get(
            BenchCluster.key(pod.getMetadata().getNamespace(), pod.getStatus().pod));
    return buildWait + (session == null ? 0 : session[1] - session[0]);
  }

  /** Nearest rank of {@code sorted}. */
  static double percentile(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
