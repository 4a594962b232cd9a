package dev.juliapod.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every place the code cites docs/design.md by section ({@code docs/design.md, "Errors"}) names a
 * section that file has, so a reader who follows a comment finds the reason.
 */
class DesignCitationsTest {
  private static final Path ROOT =
      Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  private static final Pattern CITATION = Pattern.compile("design\\.md, \"([^\"]+)\"");

  @Test
  void everyCitedSectionExists() throws IOException {
    Set<String> sections =
        Files.readAllLines(ROOT.resolve("docs/design.md")).stream()
            .filter(l -> l.startsWith("#"))
            .map(l -> l.replaceFirst("^#+\\s*", "").trim())
            .collect(Collectors.toSet());
    Map<String, String> missing = new TreeMap<>();
    int cited = 0;
    for (String dir : new String[] {"operator/src", "e2e/src", "charts", "bin", "examples"}) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          // A citation may wrap onto the next comment line.
          String text = Files.readString(f).replaceAll("\\s*\\n\\s*(\\*|//|#)?\\s*", " ");
          Matcher m = CITATION.matcher(text);
          while (m.find()) {
            cited++;
            if (!sections.contains(m.group(1))) {
              missing.put(ROOT.relativize(f) + ": \"" + m.group(1) + "\"", m.group(1));
            }
          }
        }
      }
    }
    assertThat(cited).as("citations found (the pattern still matches)").isGreaterThan(10);
    assertThat(missing.keySet()).as("sections cited but not in docs/design.md").isEmpty();
  }
}
