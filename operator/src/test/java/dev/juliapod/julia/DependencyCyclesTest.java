package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyCyclesTest {
  private static String cycleFrom(EnvBuilder b, String... roots) throws Exception {
    JuliaEnvironment env = b.env();
    return DependencyCycles.reachableFrom(
            env.manifest(), List.of(roots).stream().map(EnvBuilder::uuid).toList())
        .map(DependencyCycles::describe)
        .orElse("none");
  }

  @Test
  void findsACycleBelowTheRootAndNamesItInOrder() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("Top").deps("A").pinned().direct();
    b.pkg("A").deps("B");
    b.pkg("B").deps("C");
    b.pkg("C").deps("A");

    assertThat(cycleFrom(b, "Top")).isEqualTo("A → B → C → A");
  }

  @Test
  void aSharedDependencyIsNotACycle() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("Top").deps("Left", "Right").pinned().direct();
    b.pkg("Left").deps("Base64x");
    b.pkg("Right").deps("Base64x");
    b.pkg("Base64x");

    assertThat(cycleFrom(b, "Top")).isEqualTo("none");
  }

  @Test
  void aCycleOnlyOtherPackagesReachIsNotReported() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("Pinned").deps("Leaf").pinned().direct();
    b.pkg("Leaf");
    b.pkg("Loose").deps("Loop").direct();
    b.pkg("Loop").deps("Loose");

    assertThat(cycleFrom(b, "Pinned")).isEqualTo("none");
    assertThat(cycleFrom(b, "Loose")).isEqualTo("Loose → Loop → Loose");
  }

  @Test
  void aChainTenThousandDeepNeedsNoRecursion() throws Exception {
    EnvBuilder b = new EnvBuilder();
    int depth = 10_000;
    b.pkg("P0").deps("P1").pinned().direct();
    for (int i = 1; i < depth; i++) {
      b.pkg("P" + i).deps("P" + (i + 1));
    }
    b.pkg("P" + depth);

    assertThat(cycleFrom(b, "P0")).isEqualTo("none");
    StripResult strip = Stripper.strip(b.env(), SysimagePolicy.PINNED, List.of());
    assertThat(strip.baked()).extracting(BakedPackage::name).containsExactly("P0");
    assertThat(strip.stripped()).isEmpty();
  }
}
