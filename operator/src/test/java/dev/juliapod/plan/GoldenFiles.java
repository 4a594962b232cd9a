package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rendered files compared with src/test/resources/golden, so a change to what the operator creates
 * shows up as a diff in review. After an intended change, refresh them with `./mvnw -pl operator
 * test -Dtest='*GoldenTest' -Djuliapod.updateGolden=true`.
 */
final class GoldenFiles {
  static final Path DIR =
      Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/golden");

  private GoldenFiles() {}

  static void check(String name, String actual) throws IOException {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean("juliapod.updateGolden")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
    }
    assertThat(file).as("golden file %s (refresh: -Djuliapod.updateGolden=true)", name).exists();
    assertThat(actual)
        .as(
            "golden/%s differs; if intended, refresh with"
                + " -Djuliapod.updateGolden=true and review the diff",
            name)
        .isEqualTo(Files.readString(file));
  }
}
