package dev.juliapod.julia;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlTable;

/**
 * Finds each entry's block of lines in the Manifest text. Pkg writes one header line per entry and
 * per sub-table, and never a multi-line value that starts a line with `[`, so a header is a line
 * that starts with `[` outside a multi-line string. The result is checked against tomlj's parse:
 * every entry header must be where tomlj saw it, or the file is laid out in a way this renderer
 * cannot splice and it says so.
 */
final class ManifestLayoutScanner {
  private static final Pattern HEADER =
      Pattern.compile("^\\s*(\\[\\[?)\\s*(.+?)\\s*\\]\\]?\\s*(#.*)?$", Pattern.DOTALL);

  private ManifestLayoutScanner() {}

  static ManifestLayout scan(
      String text,
      TomlTable doc,
      Manifest.Format format,
      Map<String, List<String>> uuidsByName,
      Map<String, Integer> lineByUuid,
      String file)
      throws InvalidEnvironmentException {
    List<String> lines = splitLines(text);
    Header[] headers = headers(lines);
    int entryDepth = format == Manifest.Format.V2 ? 2 : 1;
    Map<String, int[]> blocks = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    List<String> openPath = null;
    String openUuid = null;
    for (int i = 0; i < lines.size(); i++) {
      if (headers[i] == null) {
        continue;
      }
      List<String> path = headers[i].path();
      boolean array = headers[i].array();
      if (openPath != null
          && path.size() > openPath.size()
          && path.subList(0, openPath.size()).equals(openPath)) {
        continue; // a sub-table of the open entry
      }
      if (openUuid != null) {
        blocks.get(openUuid)[1] = i;
        openPath = null;
        openUuid = null;
      }
      boolean entry =
          array && path.size() == entryDepth && (entryDepth == 1 || path.get(0).equals("deps"));
      if (entry) {
        String name = path.get(entryDepth - 1);
        int index = seen.merge(name, 1, Integer::sum) - 1;
        List<String> uuids = uuidsByName.getOrDefault(name, List.of());
        if (index >= uuids.size() || lineByUuid.get(uuids.get(index)) != i + 1) {
          throw unsupported(file, i + 1);
        }
        openUuid = uuids.get(index);
        openPath = path;
        blocks.put(openUuid, new int[] {i, lines.size()});
      }
    }
    int expected = uuidsByName.values().stream().mapToInt(List::size).sum();
    if (blocks.size() != expected) {
      throw unsupported(file, 0);
    }
    int projectHash = -1;
    if (format == Manifest.Format.V2 && doc.isString(List.of("project_hash"))) {
      projectHash = TomlFiles.line(doc, "project_hash") - 1;
    }
    return new ManifestLayout(text, lines, blocks, projectHash);
  }

  /** A header line: its key path, and whether it opens an array of tables ({@code [[...]]}). */
  record Header(List<String> path, boolean array) {}

  /**
   * Each line's header, or null for a line that is none: most lines are key = value, and only one
   * that starts with '[' outside a multi-line string can be a header.
   */
  static Header[] headers(List<String> lines) {
    Header[] headers = new Header[lines.size()];
    String multiline = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (multiline != null) {
        multiline = toggles(line, multiline) ? null : multiline;
        continue;
      }
      multiline = opensMultiline(line);
      if (multiline == null && startsWithBracket(line)) {
        String stripped = line.strip();
        Header header = HEADERS.get(stripped, () -> header(stripped));
        headers[i] = header == NOT_A_HEADER ? null : header;
      }
    }
    return headers;
  }

  /**
   * Header lines read before, in any Manifest: a team's Manifests share nearly all of theirs, and
   * the regular expressions below were a fifth of a new Manifest's plan (BENCHMARKS.md, tenth
   * round). A Header is immutable, so one serves every Manifest.
   */
  private static final RecentlyUsed<String, Header> HEADERS =
      new RecentlyUsed<>(4_096, 400_000, String::length);

  private static final Header NOT_A_HEADER = new Header(List.of(), false);

  private static Header header(String stripped) {
    Matcher header = HEADER.matcher(stripped);
    List<String> path = header.matches() ? keyPath(header.group(2)) : null;
    return path == null
        ? NOT_A_HEADER
        : new Header(List.copyOf(path), header.group(1).equals("[["));
  }

  /**
   * Bare keys joined by dots, the way Pkg writes every header ({@code [[deps.Example]]}): "Bare
   * keys may only contain ASCII letters, ASCII digits, underscores, and dashes", and whitespace
   * around the dots is ignored (toml.io, TOML v1.0.0, "Keys").
   */
  private static final Pattern BARE_DOTTED =
      Pattern.compile("[A-Za-z0-9_-]+(?:[ \t]*\\.[ \t]*[A-Za-z0-9_-]+)*");

  private static final Pattern DOT = Pattern.compile("[ \t]*\\.[ \t]*");

  /**
   * The header's key path. Bare dotted keys are split here: tomlj's parser for one key (a lexer and
   * parser per call) was a tenth of the allocation of reading a Manifest; anything else (quoted
   * keys) goes to tomlj.
   */
  static List<String> keyPath(String key) {
    if (BARE_DOTTED.matcher(key).matches()) {
      return List.of(DOT.split(key));
    }
    try {
      return Toml.parseDottedKey(key);
    } catch (IllegalArgumentException notAKey) {
      return null;
    }
  }

  private static InvalidEnvironmentException unsupported(String file, int line) {
    return new InvalidEnvironmentException(
        file,
        line,
        "entries must be written as [[deps.Name]] tables, one header line each, the way Pkg"
            + " writes them; let Pkg write the Manifest again (Pkg.resolve())");
  }

  private static final List<String> MULTILINE_QUOTES = List.of("\"\"\"", "'''");

  private static boolean startsWithBracket(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (!Character.isWhitespace(c)) { // as strip() below
        return c == '[';
      }
    }
    return false;
  }

  private static String opensMultiline(String line) {
    for (String quote : MULTILINE_QUOTES) {
      if (count(line, quote) % 2 == 1) {
        return quote;
      }
    }
    return null;
  }

  private static boolean toggles(String line, String quote) {
    return count(line, quote) % 2 == 1;
  }

  private static int count(String line, String quote) {
    int n = 0;
    for (int at = line.indexOf(quote); at >= 0; at = line.indexOf(quote, at + quote.length())) {
      n++;
    }
    return n;
  }

  static List<String> splitLines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }
}
