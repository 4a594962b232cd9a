package dev.juliapod.e2e;

import java.io.IOException;
import java.time.Duration;

/**
 * What an operator under bench has done so far, from its /metrics and its process: reconciles
 * started, CPU, JIT compilation, builds started and succeeded. A run's figures are the difference
 * of two.
 */
record OperatorCounters(
    double reconciles,
    Duration cpu,
    Duration compilation,
    double buildsStarted,
    double buildsSucceeded) {

  static OperatorCounters of(OperatorProcess operator) throws IOException, InterruptedException {
    return new OperatorCounters(
        operator.metricSum("operator_sdk_reconciliations_started_total"),
        operator.cpu(),
        operator.compilation(),
        operator.metric("juliapod_builds_started_total"),
        operator.metric("juliapod_builds_succeeded_total"));
  }

  OperatorCounters since(OperatorCounters before) {
    return new OperatorCounters(
        reconciles - before.reconciles,
        cpu.minus(before.cpu),
        compilation.minus(before.compilation),
        buildsStarted - before.buildsStarted,
        buildsSucceeded - before.buildsSucceeded);
  }
}
