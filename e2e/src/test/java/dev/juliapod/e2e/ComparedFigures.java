package dev.juliapod.e2e;

/** One operator's figures for one measured load of {@code bin/bench scale --compare}. */
record ComparedFigures(
    int pods,
    int ready,
    double p50,
    double p99,
    double requests,
    double reconciles,
    double cpu,
    long heap,
    OperatorCounters seeded,
    OperatorCounters measured,
    BenchCluster.Requests byVerb) {

  /** JIT compilation per JuliaPod in the measured window: how warm the JVM was. */
  double jit() {
    return (double) measured.compilation().toMillis() / pods;
  }
}
