package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The load of `bin/bench scale --central` (issue 19): each pinned set used in many namespaces, and
 * all JuliaPods of a set sent at one instant, so that every build has its users arriving together
 * from namespaces that share nothing but the build namespace.
 */
final class CentralLoad {
  /** The fewest namespaces a set must span for the run to say anything about sharing. */
  static final int MIN_NAMESPACES_PER_SET = 5;

  private final KubernetesClient client;

  CentralLoad(KubernetesClient client) {
    this.client = client;
  }

  /**
   * {@code pods / sets} JuliaPods per set: the k-th of set s is {@code jp-s-k} in {@code bench-((s
   * + k) mod namespaces)}, so a set spans min(pods per set, namespaces) namespaces and each
   * namespace gets the same number of JuliaPods. The unpinned version varies with k: one sysimage
   * per set, different Manifests within it.
   */
  static List<List<JuliaPod>> bySet(ScaleLoad load, int pods, int namespaces, int sets) {
    if (pods % sets != 0) {
      throw new IllegalArgumentException(
          "--central needs --pods a multiple of --sets, got " + pods + " and " + sets);
    }
    int perSet = pods / sets;
    List<List<JuliaPod>> all = new ArrayList<>();
    for (int s = 0; s < sets; s++) {
      List<JuliaPod> set = new ArrayList<>();
      for (int k = 0; k < perSet; k++) {
        set.add(load.juliaPod("bench-" + (s + k) % namespaces, "jp-" + s + "-" + k, s, k % 7));
      }
      all.add(set);
    }
    return all;
  }

  /** The fewest distinct namespaces any one set is in. */
  static int fewestNamespaces(List<List<JuliaPod>> bySet) {
    return bySet.stream()
        .mapToInt(
            set -> (int) set.stream().map(p -> p.getMetadata().getNamespace()).distinct().count())
        .min()
        .orElse(0);
  }

  /** When each JuliaPod was sent, in creation order, and the widest spread of one set. */
  record Sent(Map<String, Long> at, double widestSetMillis) {}

  /**
   * Sends each set's JuliaPods together (one thread each) and the sets {@code perSet / rate}
   * seconds apart, so the run as a whole goes at {@code rate}. A set's spread is from its first
   * send to its last answer: under a second, all of its JuliaPods were created within one.
   */
  Sent create(List<List<JuliaPod>> bySet, int rate) throws Exception {
    int total = bySet.stream().mapToInt(List::size).sum();
    Map<String, Long> sent = new ConcurrentHashMap<>();
    ExecutorService creators = Executors.newFixedThreadPool(64);
    List<List<Future<Long>>> answers = new ArrayList<>();
    long start = System.nanoTime();
    int before = 0;
    for (List<JuliaPod> set : bySet) {
      long wait = start + (long) (before * 1e9 / rate) - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      List<Future<Long>> setAnswers = new ArrayList<>();
      for (JuliaPod pod : set) {
        sent.put(BenchCluster.key(pod), System.nanoTime());
        setAnswers.add(
            creators.submit(
                () -> {
                  client.resource(pod).create();
                  return System.nanoTime();
                }));
      }
      answers.add(setAnswers);
      before += set.size();
    }
    double widest = 0;
    for (int s = 0; s < bySet.size(); s++) {
      long first = sent.get(BenchCluster.key(bySet.get(s).get(0)));
      for (Future<Long> answer : answers.get(s)) {
        widest = Math.max(widest, (answer.get() - first) / 1e6);
      }
    }
    creators.shutdown();
    double span = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "created %d in %.1f s: %.1f per second (asked %d), %d sets of %d each sent at once;"
            + " widest set, first send to last answer: %.0f ms%n",
        total, span, total / span, rate, bySet.size(), bySet.get(0).size(), widest);
    Map<String, Long> ordered = new LinkedHashMap<>();
    bySet.forEach(
        set -> set.forEach(p -> ordered.put(BenchCluster.key(p), sent.get(BenchCluster.key(p)))));
    return new Sent(ordered, widest);
  }
}
