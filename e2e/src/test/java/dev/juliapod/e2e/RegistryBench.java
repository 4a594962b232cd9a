package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.operator.Crds;
import dev.juliapod.operator.FakeRegistry;
import dev.juliapod.operator.TestBases;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * `bin/bench registry` (BENCHMARKS.md): create→Ready, less the session pod's start, for JuliaPods
 * whose image is already in the registry against JuliaPods whose image is built (a simulated build
 * of {@code --build}). The packaged operator, the CRUD mock, and a mockwebserver3 registry that
 * learns each tag a build pushes.
 */
public final class RegistryBench {
  private final KubernetesClient client;
  private final FakeRegistry registry;
  private final Duration build;
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();
  private final Map<String, Long> podStart = new ConcurrentHashMap<>(); // ns/pod → ms

  private RegistryBench(KubernetesClient client, FakeRegistry registry, Duration build) {
    this.client = client;
    this.registry = registry;
    this.build = build;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>(Map.of("pods", "50", "rate", "5", "build", "PT2S"));
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      options.put(kv[0], kv[1]);
    }
    int pods = Integer.parseInt(options.get("pods"));
    int rate = Integer.parseInt(options.get("rate"));
    KubernetesMockServer server = BenchCluster.mockServer();
    try (FakeRegistry registry = new FakeRegistry();
        KubernetesClient client = server.createClient()) {
      Crds.install(client, Examples.ROOT);
      RegistryBench bench =
          new RegistryBench(client, registry, Duration.parse(options.get("build")));
      WatchedCluster cluster = bench.simulateCluster();
      try (OperatorProcess operator =
          OperatorProcess.start(
              server.url("/"),
              Files.createTempDirectory("juliapod-registry"),
              Map.of(
                  "JULIAPOD_REPOSITORY", registry.repository(),
                  "JULIAPOD_JULIA_IMAGE", TestBases.pattern(),
                  "JULIAPOD_INSECURE_REGISTRIES", registry.host() + "," + TestBases.host()))) {
        System.out.printf(
            "%d JuliaPods each way, %d per second, builds take %s%n", pods, rate, bench.build);
        bench.run("warmup", 20, rate, false, 9000);
        bench.report("image in the registry", bench.run("found", pods, rate, true, 0));
        bench.report("image built", bench.run("built", pods, rate, false, 1000));
        System.out.printf(
            "builds started %.0f (want %d: the warm-up's half and the built"
                + " ones), registry hits %.0f%n",
            operator.metric("juliapod_builds_started_total"),
            10 + pods,
            operator.metric("juliapod_registry_hits_total"));
      }
      cluster.close();
    } finally {
      server.destroy();
    }
    System.exit(0);
  }

  /** Creates {@code count} JuliaPods with distinct plans; returns their overheads in ms. */
  private List<Double> run(String namespace, int count, int rate, boolean inRegistry, int offset)
      throws Exception {
    String hello = Files.readString(Examples.ROOT.resolve("examples/hello/juliapod.yaml"));
    KubernetesSerialization yaml = new KubernetesSerialization();
    OperatorDefaults defaults = TestBases.defaults(registry.repository());
    long start = System.nanoTime();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JuliaPod pod = yaml.unmarshal(hello, JuliaPod.class);
      pod.getMetadata().setName("jp-" + i);
      pod.getMetadata().setNamespace(namespace);
      pod.getSpec().build.repository = null; // the operator's default: the fake registry
      var inline = pod.getSpec().project.inline;
      inline.manifestToml =
          inline.manifestToml.replace(
              "version = \"0.5.3\"", "version = \"0.5." + (offset + i) + "\"");
      if (inRegistry || (namespace.equals("warmup") && i % 2 == 0)) {
        String tag = TestBases.plan(pod, defaults).sysimage().tag();
        registry.push(tag, "sha256:" + String.format("%064x", offset + i + 1));
      }
      long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String key = namespace + "/jp-" + i;
      keys.add(key);
      created.put(key, System.nanoTime());
      client.resource(pod).create();
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!ready.keySet().containsAll(keys) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    List<Double> overhead = new ArrayList<>();
    for (String key : keys) {
      if (ready.containsKey(key)) {
        long pod = podStart.getOrDefault(key + "-repl", 0L);
        overhead.add((ready.get(key) - created.get(key) - pod) / 1e6);
      }
    }
    overhead.sort(Double::compare);
    return overhead;
  }

  private void report(String what, List<Double> ms) {
    if (ms.isEmpty()) {
      System.out.println(what + ": none Ready");
      return;
    }
    System.out.printf(
        "%s: %d Ready, create→Ready less pod start p50 %.0f ms, p99 %.0f ms," + " max %.0f ms%n",
        what, ms.size(), percentile(ms, 50), percentile(ms, 99), ms.get(ms.size() - 1));
  }

  private static double percentile(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private WatchedCluster simulateCluster() {
    BenchCluster.watchReady(client, ready);
    return new WatchedCluster(
        client,
        registry,
        build,
        new WatchedCluster.Listener() {
          @Override
          public void podReady(Pod pod, long appeared, long ready) {
            podStart.put(
                pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
                ready - appeared);
          }
        });
  }
}
