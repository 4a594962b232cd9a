package dev.juliapod.julia;

import java.util.List;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Reading Project and Manifest values with errors that name the file and line. */
final class TomlFiles {
  private TomlFiles() {}

  static TomlParseResult parse(String text, String file) throws InvalidEnvironmentException {
    TomlParseResult doc = Toml.parse(text);
    if (doc.hasErrors()) {
      TomlParseError error = doc.errors().get(0);
      TomlPosition at = error.position();
      throw new InvalidEnvironmentException(
          file,
          at == null ? 0 : at.line(),
          "not valid TOML: "
              + error.getMessage()
              + ". Fix the file, or let Pkg write it again (Pkg.resolve()).");
    }
    return doc;
  }

  static int line(TomlTable table, String key) {
    TomlPosition at = table.inputPositionOf(List.of(key));
    return at == null ? 0 : at.line();
  }

  static String string(TomlTable table, String key, String file, String what)
      throws InvalidEnvironmentException {
    Object value = table.get(List.of(key));
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new InvalidEnvironmentException(
        file, line(table, key), what + ": `" + key + "` must be a string, not " + describe(value));
  }

  static String uuid(TomlTable table, String key, String file, String what)
      throws InvalidEnvironmentException {
    String value = string(table, key, file, what);
    if (value != null && !isUuid(value)) {
      throw new InvalidEnvironmentException(
          file, line(table, key), what + ": \"" + value + "\" is not a UUID");
    }
    return value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
  }

  /** How Pkg writes a UUID: 8-4-4-4-12 hexadecimal digits, either case. */
  static boolean isUuid(String text) {
    // A loop, not a regular expression: every entry and dependency of every new Manifest passes
    // here, and the regex was a twelfth of a plan's CPU (BENCHMARKS.md, tenth round).
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok =
          i == 8 || i == 13 || i == 18 || i == 23
              ? c == '-'
              : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String describe(Object value) {
    if (value instanceof TomlTable) {
      return "a table";
    }
    if (value instanceof TomlArray) {
      return "an array";
    }
    return "`" + value + "`";
  }
}
