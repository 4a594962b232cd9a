package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The build's own words about the cache, read from its log. */
class DepotCacheReportTest {
  @Test
  void aCleanRunIsUsedWithItsFigures() {
    DepotCacheReport report =
        DepotCacheReport.of(
            "INFO[0042] RUN umask 0022 && ...\n"
                + "juliapod-depot-cache: restored 41 of 45 packages and 12 of 12 artifacts\n"
                + "  Installed Example ─ v0.5.3\n"
                + "juliapod-depot-cache: saved 4 new source trees and artifacts\n"
                + "juliapod-depot-cache: restored compiled files for 38 of 47 packages and extensions\n"
                + "juliapod-depot-cache: saved 9 new compiled files\n");
    assertThat(report.degraded()).isFalse();
    assertThat(report.message())
        .isEqualTo(
            "restored 41 of 45 packages and 12 of 12 artifacts; saved 4 new source trees and"
                + " artifacts; restored compiled files for 38 of 47 packages and extensions; saved 9"
                + " new compiled files");
  }

  @Test
  void aDamagedEntryAFullVolumeOrAFailureIsDegraded() {
    for (String line :
        new String[] {
          "packages/JSON/abcde in the cache is not the tree 0123: dropped; Pkg downloads it",
          "saving packages/JSON/abcde failed: SystemError: No space left on device",
          "saving stopped; the cache keeps what it has",
          "the cache is unusable, building without it; restore-sources failed: boom",
          "3 packages list compiled files for another Julia than 1.10.10: skipped",
          "no cache volume; building without it",
          "save-compiled packagecompiler failed; building without the cache",
          "packages/JSON/abcde in the cache is not the tree 0123: dropped; Pkg downloads it"
        }) {
      DepotCacheReport report =
          DepotCacheReport.of(
              "juliapod-depot-cache: restored 1 of 2 packages\n"
                  + "juliapod-depot-cache: "
                  + line
                  + "\n");
      assertThat(report.degraded()).as(line).isTrue();
      assertThat(report.message()).contains(line);
    }
  }

  @Test
  void noReportLinesNoReport() {
    assertThat(DepotCacheReport.of("INFO[0001] Retrieving image manifest julia\n")).isNull();
    assertThat(DepotCacheReport.of("")).isNull();
  }

  /**
   * Every message depot-cache.jl can print, as the operator reads it: only the counts of a clean
   * run are not trouble. A message added to the script is classified here without a change.
   */
  @Test
  void everyMessageTheScriptPrintsIsReadAsItMeans() throws Exception {
    String script;
    try (var in = dev.juliapod.build.DepotCache.class.getResourceAsStream("depot-cache.jl")) {
      script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    var says = java.util.regex.Pattern.compile("say\\(\"([^\"]*)\"\\)").matcher(script);
    int messages = 0;
    while (says.find()) {
      String message = says.group(1).replaceAll("\\$\\([^)]*\\)|\\$\\w+", "X");
      messages++;
      boolean clean = message.startsWith("restored ") || message.startsWith("saved ");
      assertThat(DepotCacheReport.of("juliapod-depot-cache: " + message).degraded())
          .as(message)
          .isEqualTo(!clean);
    }
    assertThat(messages).isGreaterThanOrEqualTo(10);
  }
}
