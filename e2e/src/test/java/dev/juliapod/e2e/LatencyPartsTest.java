package dev.juliapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyPartsTest {
  private static final long MS = 1_000_000;

  @Test
  void eachJuliaPodsTimeIsSplitAtItsPodsAppearanceAndReady() {
    Map<String, Long> created = new HashMap<>();
    Map<String, Long> ready = new HashMap<>();
    Map<String, long[]> sessions = new HashMap<>();
    // 99 quick ones, then one whose time went between its pod's Ready and its own.
    for (int i = 0; i < 99; i++) {
      created.put("ns/a" + i, i * 50 * MS);
      sessions.put("ns/a" + i + "-repl", new long[] {i * 50 * MS + 4 * MS, i * 50 * MS + 5 * MS});
      ready.put("ns/a" + i, i * 50 * MS + 8 * MS);
    }
    created.put("ns/slow", 2000 * MS);
    sessions.put("ns/slow-repl", new long[] {2006 * MS, 2007 * MS});
    ready.put("ns/slow", 2100 * MS);
    // Never Ready, or no pod seen: left out, not counted as zero.
    created.put("ns/never", 3000 * MS);
    created.put("ns/nopod", 3000 * MS);
    ready.put("ns/nopod", 3010 * MS);

    List<LatencyParts> parts = LatencyParts.of(created, ready, sessions, k -> k + "-repl");

    assertThat(parts).hasSize(100);
    LatencyParts slowest = parts.get(99);
    assertThat(slowest.key()).isEqualTo("ns/slow");
    assertThat(slowest.createdSeconds()).isEqualTo(2.0);
    assertThat(slowest.toPod()).isEqualTo(6.0);
    assertThat(slowest.kubelet()).isEqualTo(1.0);
    assertThat(slowest.toReady()).isEqualTo(93.0);
    String text = LatencyParts.describe(parts);
    assertThat(text)
        .contains("to the pod 4.0/4.0, kubelet 1.0/1.0, pod Ready to JuliaPod Ready 3.0/3.0")
        .contains("slowest 1, mean ms: to the pod 6.0, kubelet 1.0, to Ready 93.0")
        .endsWith(" 2.0s: 6+1+93");
  }

  @Test
  void nothingMeasuredSaysSo() {
    assertThat(LatencyParts.describe(List.of())).contains("no JuliaPod");
  }
}
