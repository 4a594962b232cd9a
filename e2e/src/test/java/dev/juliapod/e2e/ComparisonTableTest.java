package dev.juliapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {
  private static ComparedFigures figures(double p50, double cpu) {
    OperatorCounters counters =
        new OperatorCounters(0, Duration.ZERO, Duration.ofMillis(500), 0, 0);
    return new ComparedFigures(
        1000,
        1000,
        p50,
        40,
        5,
        3,
        cpu,
        64,
        counters,
        counters,
        new BenchCluster.Requests(5000, Map.of()));
  }

  @Test
  void oneRunIsJudgedOnItsOwnRatio() {
    List<String> rows =
        ComparisonTable.rows(20, List.of(figures(10, 14)), List.of(figures(10, 10)));
    assertThat(rows.get(0)).contains("one run");
    assertThat(row(rows, "CPU per JuliaPod")).contains("1.40×").contains("MISSED");
  }

  /** Each run's ratio is shown; the target is judged on their median, not on the best or worst. */
  @Test
  void severalRunsAreJudgedOnTheMedianRatio() {
    List<String> rows =
        ComparisonTable.rows(
            20,
            List.of(figures(10, 15.5), figures(10, 11), figures(10, 12)),
            List.of(figures(10, 10), figures(10, 10), figures(10, 10)));
    assertThat(rows.get(0)).contains("3 runs, medians");
    assertThat(row(rows, "CPU per JuliaPod"))
        .contains(" 1.20×  ≤ 1.3× met")
        .endsWith(" 1.55× 1.10× 1.20×");
    assertThat(row(rows, "create→Ready p50")).contains(" 1.00×  ≤ 1.3× met");
  }

  @Test
  void fiftyPerSecondAllowsTwiceTheLatency() {
    List<String> rows =
        ComparisonTable.rows(50, List.of(figures(19, 10)), List.of(figures(10, 10)));
    assertThat(row(rows, "create→Ready p50")).contains("1.90×  ≤ 2.0× met");
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(ComparisonTable.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(ComparisonTable.median(List.of(7.0))).isEqualTo(7.0);
  }

  private static String row(List<String> rows, String figure) {
    return rows.stream().filter(r -> r.strip().startsWith(figure)).findFirst().orElseThrow();
  }
}
