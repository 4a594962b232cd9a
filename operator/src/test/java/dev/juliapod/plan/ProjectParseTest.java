package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.juliapod.api.JuliaPod;
import org.junit.jupiter.api.Test;

/** Plans of identical project text share one parse; other text, or broken text, does not. */
class ProjectParseTest {
  private static ProjectFiles files(String manifest) throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    return new ProjectFiles(
        pod.getSpec().project.inline.projectToml,
        "spec.project.inline.projectToml",
        manifest == null ? pod.getSpec().project.inline.manifestToml : manifest,
        "spec.project.inline.manifestToml");
  }

  @Test
  void identicalTextIsParsedOnce() throws Exception {
    ProjectFiles one = files(null);
    // Equal text in other String objects, as two JuliaPods' specs decode it.
    ProjectFiles other =
        new ProjectFiles(
            new String(one.projectToml()),
            one.projectLabel(),
            new String(one.manifestToml()),
            one.manifestLabel());
    assertThat(ProjectParse.of(other)).isSameAs(ProjectParse.of(one));

    ProjectFiles newer =
        files(one.manifestToml().replace("version = \"1.6.0\"", "version = \"1.6.1\""));
    assertThat(ProjectParse.of(newer)).isNotSameAs(ProjectParse.of(one));
    assertThat(
            ProjectParse.of(newer).manifest().entries().stream()
                .filter(e -> "BenchmarkTools".equals(e.name()))
                .findFirst()
                .orElseThrow()
                .version())
        .isEqualTo("1.6.1");
  }

  @Test
  void brokenTextFailsEveryTimeWithItsMessage() throws Exception {
    ProjectFiles broken = files("[[deps.Example]\n");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> ProjectParse.of(broken))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("spec.project.inline.manifestToml:1");
    }
  }
}
