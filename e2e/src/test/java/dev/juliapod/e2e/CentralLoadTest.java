package dev.juliapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.juliapod.api.JuliaPod;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shape of `bin/bench scale --central`'s load, which its figures rest on. */
class CentralLoadTest {
  @Test
  void eachSetSpansTenNamespacesAndEachNamespaceGetsTheSameShare() throws Exception {
    List<List<JuliaPod>> bySet = CentralLoad.bySet(new ScaleLoad(null), 1000, 20, 100);

    assertThat(bySet).hasSize(100).allSatisfy(set -> assertThat(set).hasSize(10));
    assertThat(CentralLoad.fewestNamespaces(bySet)).isEqualTo(10);
    List<JuliaPod> all = bySet.stream().flatMap(List::stream).toList();
    assertThat(all.stream().map(BenchCluster::key).distinct()).hasSize(1000);
    Map<String, Long> perNamespace =
        all.stream()
            .collect(
                Collectors.groupingBy(p -> p.getMetadata().getNamespace(), Collectors.counting()));
    assertThat(perNamespace).hasSize(20).allSatisfy((ns, n) -> assertThat(n).isEqualTo(50L));
  }

  @Test
  void aSetsJuliaPodsPinTheSameVersionAndNoOtherSetsDoes() throws Exception {
    List<List<JuliaPod>> bySet = CentralLoad.bySet(new ScaleLoad(null), 60, 20, 6);
    Function<JuliaPod, String> pinned =
        p ->
            p.getSpec()
                .project
                .inline
                .manifestToml
                .replaceAll("(?s).*version = \"(0\\.5\\.\\d+)\".*", "$1");

    for (int s = 0; s < bySet.size(); s++) {
      assertThat(bySet.get(s).stream().map(pinned).distinct()).containsExactly("0.5." + (100 + s));
    }
  }

  @Test
  void podsThatDoNotSplitEvenlyIntoSetsAreRefused() {
    assertThatThrownBy(() -> CentralLoad.bySet(new ScaleLoad(null), 1001, 20, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of --sets");
  }
}
