package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Image references split the way Docker reads them: a port is not a tag. */
class BaseImageTest {
  @Test
  void repositoryAndTag() {
    assertThat(BaseImage.of("julia:1.11.7", null).repository()).isEqualTo("julia");
    assertThat(BaseImage.of("julia:1.11.7", null).tag()).isEqualTo("1.11.7");
    assertThat(BaseImage.of("localhost:5000/team/julia", null).repository())
        .isEqualTo("localhost:5000/team/julia");
    assertThat(BaseImage.of("localhost:5000/team/julia", null).tag()).isEqualTo("latest");
    BaseImage pinned = BaseImage.of("localhost:5000/julia:1.11@sha256:" + "ab".repeat(32), null);
    assertThat(pinned.isResolved()).isTrue();
    assertThat(pinned.repository()).isEqualTo("localhost:5000/julia");
    assertThat(pinned.tag()).isEqualTo("1.11");
    assertThat(pinned.sameReference(pinned.ref())).isTrue();
  }
}
