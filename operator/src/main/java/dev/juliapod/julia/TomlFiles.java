package dev.juliapod.julia;

import java.util.List;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Reading Project and Manifest values with errors that name the file and line. */
final class TomlFiles {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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
    if (value != null && !UUID.matcher(value).matches()) {
      throw new InvalidEnvironmentException(
          file, line(table, key), what + ": \"" + value + "\" is not a UUID");
    }
    return value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
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
