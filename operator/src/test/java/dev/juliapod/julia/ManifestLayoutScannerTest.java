package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;

/** The header keys the layout scanner splits itself must split as tomlj splits them. */
class ManifestLayoutScannerTest {

  @Test
  void bareDottedKeysSplitAsTomljSplitsThem() {
    for (String key :
        List.of(
            "deps",
            "deps.Example",
            "deps.JSON3",
            "deps.Pkg-Ext_2",
            "deps . Example",
            "deps\t.\tExample.weakdeps",
            "deps.\"Quoted.Name\"",
            "deps.'literal'",
            "\"deps\".Example",
            "deps..Example",
            "deps.Exa mple",
            ".deps",
            "deps.")) {
      assertThat(ManifestLayoutScanner.keyPath(key)).as(key).isEqualTo(tomlj(key));
    }
  }

  /** tomlj's split, or null where it finds no key (as the scanner answers then). */
  private static List<String> tomlj(String key) {
    try {
      return Toml.parseDottedKey(key);
    } catch (IllegalArgumentException notAKey) {
      return null;
    }
  }
}
