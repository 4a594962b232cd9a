package dev.juliapod.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionNameTest {
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  @Test
  void projectAndUserInLowerCaseWithDashes() {
    assertThat(SessionName.derive("MyAnalysis", "alice")).isEqualTo("myanalysis-alice");
    assertThat(SessionName.derive("Flux.jl", "Bob Smith")).isEqualTo("flux-jl-bob-smith");
    assertThat(SessionName.derive("__Über_Projekt__", "j.doe@corp"))
        .isEqualTo("ber-projekt-j-doe-corp");
  }

  @Test
  void nothingUsableStillGivesAValidName() {
    assertThat(SessionName.derive("", "")).isEqualTo("julia");
    assertThat(SessionName.derive("***", "alice")).isEqualTo("alice");
  }

  @Test
  void longNamesAreCutStablyAndStayApart() {
    String a = SessionName.derive("A".repeat(40) + "Experiments", "alice-with-a-long-login");
    String b = SessionName.derive("A".repeat(40) + "Experimentz", "alice-with-a-long-login");
    assertThat(a).hasSizeLessThanOrEqualTo(SessionName.MAX).matches(DNS_LABEL);
    assertThat(b).hasSizeLessThanOrEqualTo(SessionName.MAX).matches(DNS_LABEL);
    assertThat(a).isNotEqualTo(b);
    assertThat(SessionName.derive("A".repeat(40) + "Experiments", "alice-with-a-long-login"))
        .isEqualTo(a);
  }

  @Test
  void everyDerivedNameIsAValidKubernetesName() {
    String[] projects = {"x", "Project-With--Dashes-", "-lead", "9lives", "a".repeat(200), "ÄÖÜ"};
    String[] users = {"root", "Mary-Jane O'Neil", "-", "u".repeat(100)};
    for (String p : projects) {
      for (String u : users) {
        assertThat(SessionName.derive(p, u))
            .as("%s / %s", p, u)
            .hasSizeLessThanOrEqualTo(63)
            .hasSizeLessThanOrEqualTo(SessionName.MAX)
            .matches(DNS_LABEL);
      }
    }
  }
}
