package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * `bin/bench scale --central` (issue 19): the packaged operator with central builds
 * (JULIAPOD_BUILD_NAMESPACE, a short JULIAPOD_SYSIMAGE_RETENTION), each pinned set's JuliaPods in
 * several namespaces and sent at one instant ({@link CentralLoad}). It holds the run to one build
 * per set and none outside the build namespace, every JuliaPod Ready, and, once every JuliaPod is
 * deleted and the retention passed, nothing of the builds left ({@link CentralChecks}). The mock
 * has no garbage collector; {@link WatchedCollector} plays it.
 */
final class CentralBench {
  /** After the retention: the operator's pass and the collector's deletes, on two busy cores. */
  private static final Duration MARGIN = Duration.ofSeconds(60);

  private final BenchCluster cluster;
  private final KubernetesClient client;
  private final CentralChecks checks;
  private final String builds;
  private final Duration retention;
  private final List<String> users;

  private CentralBench(BenchCluster cluster, String builds, Duration retention, int namespaces) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.checks = new CentralChecks(client);
    this.builds = builds;
    this.retention = retention;
    this.users = IntStream.range(0, namespaces).mapToObj(k -> "bench-" + k).toList();
  }

  /** Runs it and returns whether every check held. */
  static boolean run(Map<String, String> options) throws Exception {
    int pods = Integer.parseInt(options.getOrDefault("pods", "1000"));
    int namespaces = Integer.parseInt(options.get("namespaces"));
    int sets = Integer.parseInt(options.get("sets"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "50"));
    Duration build = Duration.parse(options.get("build"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
    String builds = options.getOrDefault("build-namespace", "juliapod-builds");
    // The operator's default is PT5M; short, so that the run ends, everything removed, in minutes.
    Duration retention = Duration.parse(options.getOrDefault("retention", "PT30S"));
    // Idle culling on (issue 21): every session is asked for its activity each interval.
    String idleTimeout = options.get("idle-timeout");
    Duration activityInterval = Duration.parse(options.getOrDefault("activity-interval", "PT10S"));
    Path work = Files.createTempDirectory("juliapod-central");
    try (BenchCluster cluster = new BenchCluster(build);
        WatchedCollector collector = new WatchedCollector(cluster.client());
        ActivityListener listener = idleTimeout == null ? null : new ActivityListener()) {
      CentralBench bench = new CentralBench(cluster, builds, retention, namespaces);
      bench.activity = listener;
      bench.activityInterval = activityInterval;
      Map<String, String> env = new HashMap<>(cluster.juliapodEnv());
      env.put("JULIAPOD_BUILD_NAMESPACE", builds);
      env.put("JULIAPOD_SYSIMAGE_RETENTION", retention.toString());
      if (idleTimeout != null) {
        env.put("JULIAPOD_IDLE_TIMEOUT", idleTimeout);
        env.put("JULIAPOD_ACTIVITY_INTERVAL", activityInterval.toString());
      }
      ScaleLoad load = new ScaleLoad(cluster.client());
      // Distributed.jl workers (issue 22): each measured JuliaPod asks for this many.
      load.workers = Integer.parseInt(options.getOrDefault("workers", "0"));
      bench.workers = load.workers;
      List<List<JuliaPod>> bySet = CentralLoad.bySet(load, pods, namespaces, sets);
      try (OperatorProcess operator = OperatorProcess.start(cluster.url(), work, env)) {
        System.out.printf(
            "central builds in %s, retention %s: %d JuliaPods in %d namespaces from %d pinned"
                + " sets, the %d of a set sent at once, %d per second, builds take %s;"
                + " operator log in %s%n",
            builds, retention, pods, namespaces, sets, pods / sets, rate, build, work);
        int fewest = CentralLoad.fewestNamespaces(bySet);
        bench.checks.check(
            fewest >= CentralLoad.MIN_NAMESPACES_PER_SET,
            "each set in at least "
                + CentralLoad.MIN_NAMESPACES_PER_SET
                + " namespaces: "
                + fewest);
        // Pinned sets of its own (ScaleLoad.WARMUP_SETS), so every measured set still arrives to
        // no sysimage; its sysimages go with the retention before the measured run, not in it.
        load.warmUp(warmup, rate);
        bench.awaitRemoved(
            "the warm-up's builds removed (from 3 s after its JuliaPods were deleted)",
            System.nanoTime(),
            Duration.ZERO);
        bench.measure(operator, bySet, rate, sets);
        bench.cleanUp(operator, collector);
      }
      return bench.verdict();
    }
  }

  /** Workers each measured JuliaPod asks for. */
  private int workers;

  /** With idle culling on: the listener every session pod answers from, and how often. */
  private ActivityListener activity;

  private Duration activityInterval;

  private void measure(OperatorProcess operator, List<List<JuliaPod>> bySet, int rate, int sets)
      throws Exception {
    int pods = bySet.stream().mapToInt(List::size).sum();
    cluster.requests(); // drained: only the measured run's requests are reported
    Map<String, Integer> jobsBefore = new HashMap<>(cluster.jobsCreated);
    OperatorCounters before = OperatorCounters.of(operator);
    CentralLoad.Sent sent = new CentralLoad(client).create(bySet, rate);
    ScaleLoad.awaitReady(sent.at().keySet(), cluster.ready, Duration.ofMinutes(10));
    if (workers > 0) {
      awaitWorkers(pods, sent);
    }
    Thread.sleep(2000); // a second build of a set, or a late status write, shows by now
    long asksBefore = activity == null ? 0 : activity.asks();
    if (activity != null) {
      // Every session answered at least once: its Activity condition is written by now.
      Thread.sleep(activityInterval.toMillis() + 2000);
    }
    OperatorCounters counted = OperatorCounters.of(operator).since(before);
    System.out.println(cluster.requests().describe(pods));
    checks.check(
        sent.widestSetMillis() < 1000,
        String.format(
            "each set's JuliaPods created within one second: widest %.0f ms",
            sent.widestSetMillis()));
    int central = jobsSince(jobsBefore, true);
    checks.check(
        central == sets, "Jobs created in " + builds + ": " + central + " (want " + sets + ")");
    checks.check(
        jobsSince(jobsBefore, false) == 0,
        "Jobs created in any other namespace: " + jobsSince(jobsBefore, false));
    checks.check(
        counted.buildsStarted() == sets && counted.buildsSucceeded() == sets,
        String.format(
            "juliapod_builds_started_total %.0f, succeeded %.0f (want %d)",
            counted.buildsStarted(), counted.buildsSucceeded(), sets));
    long ready = sent.at().keySet().stream().filter(cluster.ready::containsKey).count();
    checks.check(ready == pods, "Ready: " + ready + " of " + pods);
    Map<String, JuliaPod> measured = new HashMap<>();
    for (String ns : users) {
      client
          .resources(JuliaPod.class)
          .inNamespace(ns)
          .list()
          .getItems()
          .forEach(p -> measured.put(BenchCluster.key(p), p));
    }
    long sysimages =
        measured.values().stream()
            .filter(p -> p.getStatus() != null && builds.equals(p.getStatus().sysimageNamespace))
            .map(p -> p.getStatus().sysimage)
            .distinct()
            .count();
    checks.check(
        sysimages == sets, "distinct sysimages in " + builds + " the JuliaPods use: " + sysimages);
    int leaked = users.stream().mapToInt(ns -> checks.buildObjects(ns).size()).sum();
    checks.check(
        leaked == 0,
        "JuliaSysimages, Jobs, build ConfigMaps and build pods in user namespaces: " + leaked);
    if (activity != null) {
      long reported =
          measured.values().stream()
              .filter(
                  p ->
                      p.getStatus().conditions.stream()
                          .anyMatch(
                              c -> "Activity".equals(c.getType()) && "True".equals(c.getStatus())))
              .count();
      checks.check(reported == pods, "sessions whose activity the operator reports: " + reported);
      System.out.printf(
          "activity: %d asks in the last %s (%d sessions, interval %s)%n",
          activity.asks() - asksBefore, activityInterval.plusSeconds(2), pods, activityInterval);
    }
    CentralFigures.print(cluster, sent.at(), measured, counted, pods);
    System.out.println("operator memory once all are Ready: " + operator.memory());
  }

  /**
   * Every measured JuliaPod's status says all its workers are up: how long after the first create,
   * and how many worker pods there are.
   */
  private void awaitWorkers(int pods, CentralLoad.Sent sent) throws InterruptedException {
    String want = workers + "/" + workers;
    long first = sent.at().values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    long done = 0;
    while (System.nanoTime() < deadline) {
      done =
          users.stream()
              .flatMap(
                  ns -> client.resources(JuliaPod.class).inNamespace(ns).list().getItems().stream())
              .filter(p -> p.getStatus() != null && p.getStatus().workers != null)
              .filter(p -> want.equals(p.getStatus().workers.ready))
              .count();
      if (done == pods) {
        break;
      }
      Thread.sleep(500);
    }
    long workerPods =
        users.stream()
            .mapToLong(
                ns ->
                    client
                        .pods()
                        .inNamespace(ns)
                        .withLabel("app.kubernetes.io/component", "worker")
                        .list()
                        .getItems()
                        .size())
            .sum();
    checks.check(
        done == pods,
        String.format(
            "JuliaPods whose status says %s workers up: %d of %d, %.1f s after the first create;"
                + " worker pods: %d",
            want, done, pods, (System.nanoTime() - first) / 1e9, workerPods));
  }

  /** Jobs created since {@code before} in the build namespace, or in all the others. */
  private int jobsSince(Map<String, Integer> before, boolean inBuilds) {
    return cluster.jobsCreated.entrySet().stream()
        .filter(e -> e.getKey().equals(builds) == inBuilds)
        .mapToInt(e -> e.getValue() - before.getOrDefault(e.getKey(), 0))
        .sum();
  }

  /** Every JuliaPod deleted: the builds go after the retention, and no new one starts. */
  private void cleanUp(OperatorProcess operator, WatchedCollector collector) throws Exception {
    double started = operator.metric("juliapod_builds_started_total");
    long deleting = System.nanoTime();
    for (String ns : users) {
      client.resources(JuliaPod.class).inNamespace(ns).delete();
    }
    System.out.printf(
        "deleted every JuliaPod in %.1f s; waiting up to %s for %s to empty%n",
        (System.nanoTime() - deleting) / 1e9, retention.plus(MARGIN), builds);
    // Its last users went after the first delete: nothing may go sooner than the retention.
    awaitRemoved(
        "every build removed from " + builds + " (from the first delete)", deleting, retention);
    double more = operator.metric("juliapod_builds_started_total") - started;
    checks.check(more == 0, String.format("builds started after the deletes: %.0f", more));
    int sessions = users.stream().mapToInt(checks::sessionObjects).sum();
    System.out.printf(
        "  session objects left in user namespaces: %d (the simulated garbage collector deleted"
            + " %d dependents in the whole run)%n",
        sessions, collector.collected());
  }

  /**
   * Waits up to the retention and {@link #MARGIN} for the build namespace to hold nothing, and
   * checks that it came to, its sysimages no sooner than {@code atLeast} after {@code since}
   * (System.nanoTime()).
   */
  private void awaitRemoved(String what, long since, Duration atLeast) throws InterruptedException {
    CentralChecks.Emptied emptied = checks.awaitEmpty(builds, since, retention.plus(MARGIN));
    checks.check(
        emptied.allGone() != null && emptied.sysimagesGone().compareTo(atLeast) >= 0,
        String.format(
            "%s: JuliaSysimages gone after %s, everything after %s (retention %s)",
            what, seconds(emptied.sysimagesGone()), seconds(emptied.allGone()), retention));
  }

  private static String seconds(Duration d) {
    return d == null ? "NOT by the end" : String.format("%.1f s", d.toMillis() / 1e3);
  }

  private boolean verdict() {
    if (checks.passed()) {
      System.out.println("central builds: PASSED, every check held");
      return true;
    }
    System.out.println("central builds: FAILED: " + String.join("; ", checks.failures()));
    return false;
  }
}
