package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JuliaReleasesTest {
  static JuliaVersion v(String text) {
    return JuliaVersion.parse(text);
  }

  @Test
  void versionsParseAsManifestsAndSpecsWriteThem() {
    assertThat(v("1.11")).isEqualTo(JuliaVersion.of(1, 11, 0));
    assertThat(v("1.12.0-rc1")).isEqualTo(JuliaVersion.of(1, 12, 0));
    assertThat(v("1.10.10").compareTo(v("1.10.9"))).isPositive();
    assertThatThrownBy(() -> v("latest")).hasMessageContaining("not a Julia version");
  }

  @Test
  void theDefaultSysimageShrankIn1_11() {
    assertThat(JuliaReleases.inDefaultSysimage("LinearAlgebra", v("1.11.7"))).isTrue();
    assertThat(JuliaReleases.inDefaultSysimage("Dates", v("1.11.7"))).isFalse();
    assertThat(JuliaReleases.inDefaultSysimage("Pkg", v("1.12.1"))).isFalse();
    assertThat(JuliaReleases.inDefaultSysimage("Dates", v("1.10.5"))).isTrue();
    assertThat(JuliaReleases.inDefaultSysimage("LinearAlgebra", v("1.9.4"))).isFalse();
  }

  @Test
  void cpuTargetsAreTheOfficialBinariesPerArchitecture() {
    assertThat(JuliaReleases.cpuTarget("amd64", v("1.11.7")))
        .isEqualTo(
            "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1);x86-64-v4,-rdrnd,base(1)");
    assertThat(JuliaReleases.cpuTarget("amd64", v("1.10.5")))
        .isEqualTo("generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)");
    assertThat(JuliaReleases.cpuTarget("arm64", v("1.11.7")))
        .startsWith("generic;cortex-a57;")
        .doesNotContain("sandybridge");
  }

  @Test
  void packageCompilerByJuliaVersion() {
    assertThat(JuliaReleases.packageCompiler(v("1.12.1"))).isEqualTo("2.4.0");
    assertThat(JuliaReleases.packageCompiler(v("1.9.4"))).isEqualTo("2.1.24");
    assertThat(JuliaReleases.packageCompiler(v("1.5.4"))).isNull();
  }
}
