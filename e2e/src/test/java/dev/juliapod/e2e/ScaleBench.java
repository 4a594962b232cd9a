package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.operator.Crds;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scale benchmark of BENCHMARKS.md (`bin/bench scale`): the packaged operator in its own JVM
 * against the CRUD mock server; this process creates the JuliaPods and plays the cluster through
 * watches (builds take {@code --build} each, session pods are ready at once).
 *
 * <p>Per JuliaPod, operator overhead = create→Ready minus the simulated time it waited for: the
 * part of its build that ran after it was created, and its session pod's start.
 */
public final class ScaleBench {
  /**
   * One log line per request would cost the mock server more than serving it. Held in a field:
   * java.util.logging forgets the level of a logger nobody references.
   */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private static final String BENCH_AGENT = "juliapod-scale-bench";
  private static final String WARMUP = "bench-warmup";
  private double reconcilesBefore;
  private double buildsBefore;
  private double succeededBefore;
  private Duration cpuBefore = Duration.ZERO;
  private final KubernetesClient client;
  private final Duration build;
  private final List<Double> probes = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();
  private final Map<String, long[]> jobs = new ConcurrentHashMap<>(); // ns/jsi → start, end
  private final Map<String, long[]> sessions = new ConcurrentHashMap<>(); // ns/pod → start, end

  private final dev.juliapod.operator.FakeRegistry registry;

  private ScaleBench(
      KubernetesClient client, Duration build, dev.juliapod.operator.FakeRegistry registry) {
    this.client = client;
    this.registry = registry;
    this.build = build;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        new HashMap<>(
            Map.of(
                "pods",
                "1000",
                "namespaces",
                "20",
                "sets",
                "100",
                "rate",
                "50",
                "build",
                "PT2S",
                "warmup",
                "200"));
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      options.put(kv[0], kv[1]);
    }
    int pods = Integer.parseInt(options.get("pods"));
    int namespaces = Integer.parseInt(options.get("namespaces"));
    int sets = Integer.parseInt(options.get("sets"));
    int rate = Integer.parseInt(options.get("rate"));
    Duration build = Duration.parse(options.get("build"));
    int warmup = Integer.parseInt(options.get("warmup"));

    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    Path work = Files.createTempDirectory("juliapod-scale");
    try (var registry = new dev.juliapod.operator.FakeRegistry();
        KubernetesClient client =
            new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder(
                            server.createClient().getConfiguration())
                        .withUserAgent(BENCH_AGENT)
                        .build())
                .build()) {
      Crds.install(client, Examples.ROOT);
      ScaleBench bench = new ScaleBench(client, build, registry);
      WatchedCluster cluster = bench.simulateCluster();
      try (OperatorProcess operator =
          OperatorProcess.start(
              server.url("/"),
              work,
              Map.of(
                  "JULIAPOD_REPOSITORY",
                  registry.repository(),
                  "JULIAPOD_JULIA_IMAGE",
                  dev.juliapod.operator.TestBases.pattern(),
                  "JULIAPOD_INSECURE_REGISTRIES",
                  registry.host() + "," + dev.juliapod.operator.TestBases.host()))) {
        bench.warmUp(operator, server, warmup, rate);
        bench.run(operator, pods, namespaces, sets, rate);
      }
      System.out.println(bench.countRequests(server, pods));
      cluster.close();
    } finally {
      server.destroy();
    }
    System.exit(0);
  }

  /**
   * A JVM's first minute is slower than the rest (class loading, JIT); a deployed operator is past
   * it. JuliaPods in their own namespace with their own pinned sets, created at the same rate,
   * waited for and deleted; nothing of them is counted.
   */
  private void warmUp(OperatorProcess operator, KubernetesMockServer server, int count, int rate)
      throws Exception {
    if (count == 0) {
      return;
    }
    System.out.printf("warm-up: %d JuliaPods in bench-warmup at %d per second%n", count, rate);
    String hello = Files.readString(Examples.ROOT.resolve("examples/hello/juliapod.yaml"));
    KubernetesSerialization yaml = new KubernetesSerialization();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      JuliaPod pod = yaml.unmarshal(hello, JuliaPod.class);
      pod.getMetadata().setName("wu-" + i);
      pod.getMetadata().setNamespace(WARMUP);
      pod.getSpec().project.inline.manifestToml =
          pod.getSpec()
              .project
              .inline
              .manifestToml
              .replace("version = \"0.5.3\"", "version = \"0.5." + (5000 + i % 10) + "\"");
      pace(start, i, rate);
      client.resource(pod).create();
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (client.resources(JuliaPod.class).inNamespace(WARMUP).list().getItems().stream()
            .anyMatch(p -> p.getStatus() == null || !"Ready".equals(p.getStatus().phase))
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    client.resources(JuliaPod.class).inNamespace(WARMUP).delete();
    Thread.sleep(2000);
    // What Kubernetes' garbage collector would remove: the mock server keeps every object,
    // and its cost per request grows with how many it holds (BENCHMARKS.md).
    client.resources(dev.juliapod.api.JuliaSysimage.class).inNamespace(WARMUP).delete();
    client.batch().v1().jobs().inNamespace(WARMUP).delete();
    client.pods().inNamespace(WARMUP).delete();
    client.persistentVolumeClaims().inNamespace(WARMUP).delete();
    client.configMaps().inNamespace(WARMUP).delete();
    client.v1().events().inNamespace(WARMUP).delete();
    Thread.sleep(1000);
    countRequests(server, count); // drained: only the measured run's requests are reported
    reconcilesBefore = operator.metricSum("operator_sdk_reconciliations_started_total");
    cpuBefore = operator.cpu();
    buildsBefore = operator.metric("juliapod_builds_started_total");
    succeededBefore = operator.metric("juliapod_builds_succeeded_total");
  }

  private static void pace(long start, int i, int rate) throws InterruptedException {
    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private void run(OperatorProcess operator, int pods, int namespaces, int sets, int rate)
      throws Exception {
    System.out.printf(
        "%d JuliaPods in %d namespaces from %d pinned sets, %d created per"
            + " second, builds take %s%n",
        pods, namespaces, sets, rate, build);
    watchJuliaPods();
    KubernetesSerialization yaml = new KubernetesSerialization();
    String hello = Files.readString(Examples.ROOT.resolve("examples/hello/juliapod.yaml"));
    long start = System.nanoTime();
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
    int setsPerNamespace = sets / namespaces;
    // Creates go out concurrently at the pace asked for: one after another, each waits for the
    // answer to the one before, and "50 per second" was about 20 (issue 18).
    ExecutorService creators = Executors.newFixedThreadPool(64);
    List<Future<?>> creates = new ArrayList<>();
    for (int i = 0; i < pods; i++) {
      int set = i % sets; // each set lives in one namespace, so it needs exactly one build
      String ns = "bench-" + (set / setsPerNamespace);
      JuliaPod pod = yaml.unmarshal(hello, JuliaPod.class);
      pod.getMetadata().setName("jp-" + i);
      pod.getMetadata().setNamespace(ns);
      var inline = pod.getSpec().project.inline;
      inline.manifestToml =
          inline
              .manifestToml
              .replace("version = \"0.5.3\"", "version = \"0.5." + (100 + set) + "\"") // pinned
              .replace("version = \"1.6.0\"", "version = \"1.6." + (i % 7) + "\""); // unpinned
      pace(start, i, rate);
      created.put(ns + "/jp-" + i, System.nanoTime());
      creates.add(creators.submit(() -> client.resource(pod).create()));
    }
    for (Future<?> create : creates) {
      create.get();
    }
    creators.shutdown();
    double span = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "created %d in %.1f s: %.1f per second (asked %d)%n", pods, span, pods / span, rate);
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (ready.size() < pods && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    probe.shutdownNow();
    long end = ready.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
    report(operator, pods, sets, (end - start) / 1e9);
  }

  private void report(OperatorProcess operator, int pods, int sets, double seconds)
      throws Exception {
    List<Double> overhead = new ArrayList<>();
    List<List<Double>> byFifth = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byFifth.add(new ArrayList<>());
    }
    for (var entry : ready.entrySet()) {
      String key = entry.getKey();
      long createdAt = created.get(key);
      JuliaPod pod =
          client
              .resources(JuliaPod.class)
              .inNamespace(key.split("/")[0])
              .withName(key.split("/")[1])
              .get();
      long[] job = jobs.get(pod.getMetadata().getNamespace() + "/" + pod.getStatus().sysimage);
      long buildWait = job == null ? 0 : Math.max(0, job[1] - Math.max(job[0], createdAt));
      long[] session = sessions.get(pod.getMetadata().getNamespace() + "/" + pod.getStatus().pod);
      long podWait = session == null ? 0 : session[1] - session[0];
      double ms = (entry.getValue() - createdAt - buildWait - podWait) / 1e6;
      overhead.add(ms);
      int index = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
      byFifth.get(Math.min(4, index * 5 / pods)).add(ms);
    }
    overhead.sort(Double::compare);
    double reconciles =
        operator.metricSum("operator_sdk_reconciliations_started_total") - reconcilesBefore;
    System.out.printf(
        "Ready: %d of %d; builds started %.0f (want %d), succeeded %.0f%n",
        ready.size(),
        pods,
        operator.metric("juliapod_builds_started_total") - buildsBefore,
        sets,
        operator.metric("juliapod_builds_succeeded_total") - succeededBefore);
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
    Duration cpu = operator.cpu().minus(cpuBefore);
    System.out.printf(
        "operator CPU: %.1f s for the run = %.1f ms per JuliaPod (all threads:"
            + " reconciles, informers, JSON, GC)%n",
        cpu.toMillis() / 1e3, (double) cpu.toMillis() / pods);
    System.out.printf(
        "reconciles: %.0f in %.1f s = %.0f per second%n",
        reconciles, seconds, reconciles / seconds);
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

  /** The operator's requests to the API server by verb (watches count once). */
  private String countRequests(KubernetesMockServer server, int pods) throws Exception {
    Map<String, Integer> byVerb = new java.util.TreeMap<>();
    io.fabric8.mockwebserver.http.RecordedRequest request;
    int total = 0;
    while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      if (BENCH_AGENT.equals(request.getHeaders().get("User-Agent"))) {
        continue;
      }
      String path = request.getPath();
      String resource =
          path.replaceFirst("\\?.*", "")
              .replaceFirst(".*/namespaces/[^/]+/", "")
              .replaceFirst("^/apis?/.*/", "")
              .replaceFirst("/[^/]+(/status)?$", "$1");
      String verb = request.getMethod() + (path.contains("watch=true") ? " (watch)" : "");
      byVerb.merge(verb + " " + resource, 1, Integer::sum);
      total++;
    }
    return String.format(
        "operator requests: %d = %.1f per JuliaPod; %s", total, (double) total / pods, byVerb);
  }

  private static double percentile(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private void watchJuliaPods() {
    client
        .resources(JuliaPod.class)
        .inAnyNamespace()
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, JuliaPod pod) {
                if (pod.getStatus() != null
                    && "Ready".equals(pod.getStatus().phase)
                    && !WARMUP.equals(pod.getMetadata().getNamespace())) {
                  ready.putIfAbsent(key(pod), System.nanoTime());
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  /** The Job controller and the kubelet, recording when builds ran and pods started. */
  private WatchedCluster simulateCluster() {
    return new WatchedCluster(
        client,
        registry,
        build,
        new WatchedCluster.Listener() {
          @Override
          public void buildStarted(Job job, long at) {
            jobs.put(
                key(
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getOwnerReferences().get(0).getName()),
                new long[] {at, 0});
          }

          @Override
          public void buildFinished(Job job, long at) {
            jobs.get(
                        key(
                            job.getMetadata().getNamespace(),
                            job.getMetadata().getOwnerReferences().get(0).getName()))[1] =
                at;
          }

          @Override
          public void podReady(Pod pod, long appeared, long ready) {
            sessions.put(key(pod), new long[] {appeared, ready});
          }
        });
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static String key(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
