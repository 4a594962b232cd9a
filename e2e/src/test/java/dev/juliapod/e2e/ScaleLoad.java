package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The JuliaPods the scale benchmarks create: examples/hello with one pinned package version per
 * pinned set (so each set needs one sysimage) and the unpinned BenchmarkTools version varied;
 * created concurrently at the pace asked for.
 */
final class ScaleLoad {
  private final KubernetesClient client;
  private final String hello;
  private final KubernetesSerialization yaml = new KubernetesSerialization();

  ScaleLoad(KubernetesClient client) throws Exception {
    this.client = client;
    this.hello = Files.readString(Examples.ROOT.resolve("examples/hello/juliapod.yaml"));
  }

  /** examples/hello as {@code ns/name}, of pinned set {@code set}. */
  /** Distributed.jl workers each measured JuliaPod asks for (bin/bench scale --workers). */
  int workers;

  JuliaPod juliaPod(String ns, String name, int set, int unpinned) {
    JuliaPod pod = yaml.unmarshal(hello, JuliaPod.class);
    if (workers > 0 && !ns.startsWith(BenchCluster.WARMUP)) {
      pod.getSpec().workers = new dev.juliapod.api.WorkersSpec();
      pod.getSpec().workers.replicas = workers;
    }
    pod.getMetadata().setName(name);
    pod.getMetadata().setNamespace(ns);
    // examples/hello names kind's local registry, which this machine cannot reach: every
    // registry look would fail (and, at a recheck, write status to say so). The operator's
    // default repository is the bench's registry (BenchCluster.juliapodEnv), as in a cluster.
    pod.getSpec().build.repository = null;
    var inline = pod.getSpec().project.inline;
    inline.manifestToml =
        inline
            .manifestToml
            .replace("version = \"0.5.3\"", "version = \"0.5." + (100 + set) + "\"") // pinned
            .replace("version = \"1.6.0\"", "version = \"1.6." + unpinned + "\""); // unpinned
    return pod;
  }

  /**
   * The measured JuliaPods: {@code jp-i} of set {@code i % sets}, each set in one namespace (a
   * JuliaSysimage is namespaced), {@code sets / namespaces} sets per namespace.
   */
  List<JuliaPod> measured(int pods, int namespaces, int sets) {
    List<JuliaPod> all = new ArrayList<>();
    for (int i = 0; i < pods; i++) {
      all.add(juliaPod(namespace("bench", i % sets, namespaces, sets), "jp-" + i, i % sets, i % 7));
    }
    return all;
  }

  /** One JuliaPod per set, {@code seed-set}, in the namespace of that set's measured ones. */
  List<JuliaPod> seeds(int namespaces, int sets) {
    return seeds("bench", "seed-", 0, namespaces, sets);
  }

  /** One JuliaPod per set, pinned sets {@code first} on, named {@code name} and the set's index. */
  private List<JuliaPod> seeds(String prefix, String name, int first, int namespaces, int sets) {
    List<JuliaPod> all = new ArrayList<>();
    for (int set = 0; set < sets; set++) {
      all.add(juliaPod(namespace(prefix, set, namespaces, sets), name + set, first + set, 0));
    }
    return all;
  }

  /** {@code prefix-k}: set {@code set}'s namespace, {@code sets / namespaces} sets in each. */
  private static String namespace(String prefix, int set, int namespaces, int sets) {
    return prefix + "-" + set / (sets / namespaces);
  }

  /** The warm-up's namespaces, {@link BenchCluster#WARMUP}-k. */
  private static List<String> warmUpNamespaces(int namespaces) {
    return IntStream.range(0, namespaces).mapToObj(k -> BenchCluster.WARMUP + "-" + k).toList();
  }

  /**
   * Creates {@code pods} at {@code rate} per second, concurrently: one after another, each waits
   * for the answer to the one before, and "50 per second" was about 20 (issue 18). Returns when
   * each was sent (System.nanoTime()), by ns/name, in creation order.
   */
  Map<String, Long> create(List<JuliaPod> pods, int rate) throws Exception {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    ExecutorService creators = Executors.newFixedThreadPool(64);
    List<Future<?>> creates = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < pods.size(); i++) {
      JuliaPod pod = pods.get(i);
      pace(start, i, rate);
      sent.put(BenchCluster.key(pod), System.nanoTime());
      creates.add(creators.submit(() -> client.resource(pod).create()));
    }
    for (Future<?> create : creates) {
      create.get();
    }
    creators.shutdown();
    double span = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "created %d in %.1f s: %.1f per second (asked %d)%n",
        pods.size(), span, pods.size() / span, rate);
    Map<String, Long> ordered = new LinkedHashMap<>();
    pods.forEach(p -> ordered.put(BenchCluster.key(p), sent.get(BenchCluster.key(p))));
    return ordered;
  }

  /** Waits until every one of {@code keys} is in {@code ready}, or {@code timeout}. */
  static void awaitReady(Collection<String> keys, Map<String, Long> ready, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.keySet().containsAll(keys) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  /** The first pinned set of the warm-up's: apart from the measured sets (0 to sets - 1). */
  private static final int WARMUP_SETS = 4900;

  /**
   * A JVM's first minute is slower than the rest (class loading, JIT); a deployed operator is past
   * it. One namespace and ten sysimages, cleared after: what `bin/bench scale` warms up with.
   */
  void warmUp(int count, int rate) throws Exception {
    warmUp(count, rate, 0, 1, 10);
  }

  /**
   * A warm-up round shaped like the measured load: {@code sets} pinned sets of the round's own over
   * {@code namespaces} namespaces of their own ({@link BenchCluster#WARMUP}-k), first one seed
   * JuliaPod per set waited for (each builds its sysimage, as the measured load's seeds do), then
   * {@code count} JuliaPods that join them, each with a Manifest no other has, so the parse is
   * warmed as the measured JuliaPods run it. Everything the round made, sysimages included, is
   * deleted after it. The seeds' builds are in every round because the JIT compiles for what it has
   * seen: rounds that only joined sysimages built in the first one left C2 code that the measured
   * load's seeds, the first builds in minutes, threw away (class-check traps in the HTTP client,
   * digests and tar code, then recompiling in the measured window; BENCHMARKS.md). Nothing of it is
   * counted.
   */
  void warmUp(int count, int rate, int round, int namespaces, int sets) throws Exception {
    if (count == 0) {
      return;
    }
    System.out.printf(
        "warm-up%s: %d seeds, then %d JuliaPods, in %d namespaces at %d per second%n",
        round == 0 ? "" : " round " + round, sets, count, namespaces, rate);
    int first = WARMUP_SETS + round * sets;
    create(seeds(BenchCluster.WARMUP, "wu-seed-" + round + "-", first, namespaces, sets), rate);
    awaitWarmUp();
    List<JuliaPod> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = round * 100_000 + i;
      int set = i % sets;
      String ns = namespace(BenchCluster.WARMUP, set, namespaces, sets);
      pods.add(juliaPod(ns, "wu-" + n, first + set, 1000 + n));
    }
    create(pods, rate);
    awaitWarmUp();
    for (String ns : warmUpNamespaces(namespaces)) {
      client.resources(JuliaPod.class).inNamespace(ns).delete();
    }
    Thread.sleep(2000);
    clearWarmUp(namespaces);
  }

  /** Waits (up to 5 minutes) until every warm-up JuliaPod is Ready. */
  private void awaitWarmUp() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (client.resources(JuliaPod.class).inAnyNamespace().list().getItems().stream()
            .filter(p -> p.getMetadata().getNamespace().startsWith(BenchCluster.WARMUP))
            .anyMatch(p -> p.getStatus() == null || !"Ready".equals(p.getStatus().phase))
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
  }

  /**
   * Removes what a warm-up round made: what Kubernetes' garbage collector would remove, and the
   * sysimages. The mock server keeps every object, and its cost per request grows with how many it
   * holds (BENCHMARKS.md).
   */
  private void clearWarmUp(int namespaces) throws InterruptedException {
    for (String ns : warmUpNamespaces(namespaces)) {
      client.resources(JuliaSysimage.class).inNamespace(ns).delete();
      clear(ns);
    }
    Thread.sleep(1000);
  }

  private void clear(String ns) {
    client.batch().v1().jobs().inNamespace(ns).delete();
    client.pods().inNamespace(ns).delete();
    client.persistentVolumeClaims().inNamespace(ns).delete();
    client.configMaps().inNamespace(ns).delete();
    client.v1().events().inNamespace(ns).delete();
  }

  private static void pace(long start, int i, int rate) throws InterruptedException {
    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }
}
