package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The latencies of `bin/bench scale --central`: create→Ready as a user sees it, which holds the
 * whole simulated build of the JuliaPod's set, and the operator's overhead, create→Ready less what
 * it waited for the simulation ({@link ScaleBench#simulatedWait}), as `bin/bench scale` reports it.
 */
final class CentralFigures {
  private CentralFigures() {}

  static void print(
      BenchCluster cluster,
      Map<String, Long> created,
      Map<String, JuliaPod> pods,
      OperatorCounters counted,
      int total) {
    List<Double> latency = new ArrayList<>();
    List<Double> overhead = new ArrayList<>();
    created.forEach(
        (key, at) -> {
          Long ready = cluster.ready.get(key);
          JuliaPod pod = pods.get(key);
          if (ready != null && pod != null && pod.getStatus() != null) {
            latency.add((ready - at) / 1e6);
            overhead.add((ready - at - ScaleBench.simulatedWait(cluster, pod, at)) / 1e6);
          }
        });
    if (latency.isEmpty()) {
      System.out.println("create→Ready: no JuliaPod Ready");
      return;
    }
    latency.sort(Double::compare);
    overhead.sort(Double::compare);
    System.out.printf(
        "create→Ready: p50 %.0f ms, p99 %.0f ms, max %.0f ms (the set's build included)%n",
        ScaleBench.percentile(latency, 50),
        ScaleBench.percentile(latency, 99),
        latency.get(latency.size() - 1));
    System.out.printf(
        "operator overhead per JuliaPod (create→Ready less the simulated build after its create"
            + " and pod start): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        ScaleBench.percentile(overhead, 50),
        ScaleBench.percentile(overhead, 99),
        overhead.get(overhead.size() - 1));
    System.out.println(
        LatencyParts.describe(
            LatencyParts.of(created, cluster.ready, cluster.sessions, key -> key + "-repl")));
    System.out.printf(
        "operator CPU: %.1f s = %.1f ms per JuliaPod (JIT %.1f s of it); %.0f reconciles%n",
        counted.cpu().toMillis() / 1e3,
        (double) counted.cpu().toMillis() / total,
        counted.compilation().toMillis() / 1e3,
        counted.reconciles());
  }
}
