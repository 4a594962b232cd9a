package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which JuliaPod updates bring a pass: the generation-aware filter's, plus a resume. */
class JuliaPodUpdatesTest {
  private final JuliaPodUpdates filter = new JuliaPodUpdates();

  @Test
  void aStatusWriteOrAnyOtherMetadataChangeBringsNone() {
    JuliaPod old = pod(2, Map.of("note", "a"));
    JuliaPod updated = pod(2, Map.of("note", "b"));
    updated.getMetadata().setResourceVersion("9");
    assertThat(filter.accept(updated, old)).isFalse();
  }

  @Test
  void aNewGenerationDeletionOrResumeBringsOne() {
    assertThat(filter.accept(pod(3, Map.of()), pod(2, Map.of()))).isTrue();
    JuliaPod deleting = pod(2, Map.of());
    deleting.getMetadata().setDeletionTimestamp("2026-12-01T12:00:00Z");
    assertThat(filter.accept(deleting, pod(2, Map.of()))).isTrue();
    assertThat(filter.accept(pod(2, Map.of(Labels.RESUME, "t1")), pod(2, Map.of()))).isTrue();
    assertThat(
            filter.accept(pod(2, Map.of(Labels.RESUME, "t2")), pod(2, Map.of(Labels.RESUME, "t1"))))
        .isTrue();
  }

  private static JuliaPod pod(long generation, Map<String, String> annotations) {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(
        new ObjectMetaBuilder()
            .withName("hello")
            .withGeneration(generation)
            .withAnnotations(annotations)
            .build());
    return pod;
  }
}
