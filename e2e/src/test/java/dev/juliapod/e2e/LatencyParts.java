package dev.juliapod.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where each JuliaPod's create→Ready went, in the three parts the bench can see from outside the
 * operator: until its session pod appeared (the operator's plan and creates), the simulated
 * kubelet's start, and from the pod's Ready to the JuliaPod's (the operator's pod watch and status
 * write). A p99 ratio says that a tail exists; the parts of the slowest say whose it is.
 */
record LatencyParts(
    String key, double createdSeconds, double toPod, double kubelet, double toReady) {

  double total() {
    return toPod + kubelet + toReady;
  }

  /**
   * The parts of each JuliaPod with all three times (nanoTime): {@code created} by JuliaPod key,
   * {@code ready} by JuliaPod key, {@code sessions} by pod key (appeared, Ready).
   */
  static List<LatencyParts> of(
      Map<String, Long> created,
      Map<String, Long> ready,
      Map<String, long[]> sessions,
      java.util.function.UnaryOperator<String> podKey) {
    long start = created.values().stream().mapToLong(Long::longValue).min().orElse(0);
    List<LatencyParts> parts = new ArrayList<>();
    created.forEach(
        (key, at) -> {
          Long readyAt = ready.get(key);
          long[] session = sessions.get(podKey.apply(key));
          if (readyAt != null && session != null) {
            parts.add(
                new LatencyParts(
                    key,
                    (at - start) / 1e9,
                    (session[0] - at) / 1e6,
                    (session[1] - session[0]) / 1e6,
                    (readyAt - session[1]) / 1e6));
          }
        });
    parts.sort(Comparator.comparingDouble(LatencyParts::total));
    return parts;
  }

  /**
   * p50 and p99 of each part over all, then the mean of each part over the slowest 1% (at least
   * one), and the slowest ten with when they were created.
   */
  static String describe(List<LatencyParts> sorted) {
    if (sorted.isEmpty()) {
      return "  parts of create→Ready: no JuliaPod with all three times";
    }
    List<LatencyParts> tail =
        sorted.subList(sorted.size() - Math.max(1, sorted.size() / 100), sorted.size());
    StringBuilder out =
        new StringBuilder(
            String.format(
                "  parts of create→Ready, p50/p99 ms: to the pod %.1f/%.1f, kubelet %.1f/%.1f,"
                    + " pod Ready to JuliaPod Ready %.1f/%.1f%n  slowest %d, mean ms: to the pod"
                    + " %.1f, kubelet %.1f, to Ready %.1f%n  slowest ten (s after the first"
                    + " create: to pod + kubelet + to Ready ms):",
                part(sorted, LatencyParts::toPod, 50),
                part(sorted, LatencyParts::toPod, 99),
                part(sorted, LatencyParts::kubelet, 50),
                part(sorted, LatencyParts::kubelet, 99),
                part(sorted, LatencyParts::toReady, 50),
                part(sorted, LatencyParts::toReady, 99),
                tail.size(),
                tail.stream().mapToDouble(LatencyParts::toPod).average().orElse(0),
                tail.stream().mapToDouble(LatencyParts::kubelet).average().orElse(0),
                tail.stream().mapToDouble(LatencyParts::toReady).average().orElse(0)));
    for (LatencyParts p : sorted.subList(Math.max(0, sorted.size() - 10), sorted.size())) {
      out.append(
          String.format(
              " %.1fs: %.0f+%.0f+%.0f", p.createdSeconds(), p.toPod(), p.kubelet(), p.toReady()));
    }
    return out.toString();
  }

  private static double part(
      List<LatencyParts> all, java.util.function.ToDoubleFunction<LatencyParts> f, int p) {
    List<Double> values = new ArrayList<>(all.stream().map(f::applyAsDouble).toList());
    values.sort(Double::compare);
    return ScaleBench.percentile(values, p);
  }
}
