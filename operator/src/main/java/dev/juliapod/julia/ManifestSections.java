package dev.juliapod.julia;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads a Manifest laid out as Pkg writes it one entry at a time: tomlj parses each entry's block
 * of text ({@code [[deps.Name]]}, its keys and its own sub-tables) on its own, and a block seen
 * before, in any Manifest, is not parsed again. The Manifests of one team differ in a few entries
 * (each person's unpinned packages), so most of a new Manifest has been parsed already; parsing the
 * whole file was the largest share of a JuliaPod's first plan (docs/design.md, "Reading project
 * files").
 *
 * <p>The result is the one {@link ManifestReader} gets from the whole file, or null, and then the
 * whole file is read: when a block is anything but one entry of its own name (a table between
 * entries, a sub-table of another entry, a `deps` key in the header), when anything does not parse,
 * and when an entry is invalid, so every message names the line in the file as before. In the
 * layout Pkg writes, TOML cannot join two blocks into anything but an array of entries: each block
 * adds one element to `deps.Name` and defines nothing else.
 *
 * <p>Entry tables are shared between Manifests: they are read, never changed, and the positions
 * tomlj keeps in them count from their block's first line (a message that needs a line is made by
 * the whole-file read, which gives {@link PackageEntry#line} too).
 */
final class ManifestSections {
  /**
   * Distinct entries kept, least recently used first out, and the text they may hold. A parsed
   * entry takes about 4 KB of heap (tomlj keeps a position and a source span for every value), so
   * 512 of them are 2 MiB: the entries of a large project and the versions its team moves between.
   * With 2,048 the operator's heap at rest was a third above the reference's (BENCHMARKS.md).
   */
  private static final int MAX_ENTRIES = 512;

  private static final long MAX_CHARS = 250_000;

  private static final Set<String> DEPS = Set.of("deps");

  private static final RecentlyUsed<String, TomlTable> PARSED =
      new RecentlyUsed<>(MAX_ENTRIES, MAX_CHARS, String::length);

  private ManifestSections() {}

  /** The Manifest, or null: read the whole file. */
  static Manifest read(String text, String file) {
    List<String> lines = ManifestLayoutScanner.splitLines(text);
    Blocks found = blocks(lines);
    if (found == null) {
      return null;
    }
    List<Integer> starts = found.starts();
    List<String> names = found.names();
    int[] ends = found.ends(lines.size());
    int[] offsets = offsets(lines);
    TomlParseResult header = Toml.parse(text.substring(0, offsets[starts.get(0)]));
    Manifest.Format format;
    try {
      format = header.hasErrors() ? null : ManifestReader.format(header, file);
    } catch (InvalidEnvironmentException e) {
      return null;
    }
    boolean v2 = format == Manifest.Format.V2;
    // The depth of the headers must be the format's: a block is kept by its text alone, so a v2
    // block read before must not stand for an entry of a v1 file (no manifest_format), where Julia
    // takes every top-level key as a package, "deps" too (base/loading.jl, is_v1_format_manifest
    // and get_deps).
    if (format == null
        || found.depth() != (v2 ? 2 : 1)
        || (v2 ? header.contains(List.of("deps")) : !header.isEmpty())) {
      return null;
    }

    Map<String, List<ManifestReader.Located>> byName = new LinkedHashMap<>();
    List<Integer> indexInName = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      String name = names.get(k);
      TomlTable table = entry(text.substring(offsets[starts.get(k)], offsets[ends[k]]), name, v2);
      if (table == null) {
        return null;
      }
      List<ManifestReader.Located> sameName = byName.computeIfAbsent(name, n -> new ArrayList<>());
      indexInName.add(sameName.size());
      sameName.add(new ManifestReader.Located(table, starts.get(k) + 1));
    }
    ManifestReader.Entries entries;
    try {
      entries = ManifestReader.entries(byName, file);
    } catch (InvalidEnvironmentException e) {
      return null;
    }
    Map<String, int[]> blocks = new HashMap<>();
    for (int k = 0; k < starts.size(); k++) {
      String uuid = entries.uuidsByName().get(names.get(k)).get(indexInName.get(k));
      blocks.put(uuid, new int[] {starts.get(k), ends[k]});
    }
    int projectHash =
        v2 && header.isString(List.of("project_hash"))
            ? TomlFiles.line(header, "project_hash") - 1
            : -1;
    return new Manifest(
        file, format, header, entries.list(), new ManifestLayout(text, lines, blocks, projectHash));
  }

  /** Each entry's first line and name, in file order, and the depth of their headers. */
  private record Blocks(List<Integer> starts, List<String> names, int depth) {
    /** Where each block ends (exclusive): at the next entry's header, the last at the end. */
    int[] ends(int lineCount) {
      int[] ends = new int[starts.size()];
      for (int k = 0; k < ends.length; k++) {
        ends[k] = k + 1 < ends.length ? starts.get(k + 1) : lineCount;
      }
      return ends;
    }
  }

  /**
   * The entries' blocks, or null when a table after the first entry belongs to none (or there is no
   * entry: the whole file is then its header, read it so).
   */
  private static Blocks blocks(List<String> lines) {
    ManifestLayoutScanner.Header[] headers = ManifestLayoutScanner.headers(lines);
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> open = null;
    for (int i = 0; i < lines.size(); i++) {
      List<String> path = headers[i] == null ? null : headers[i].path();
      if (path == null
          || open != null
              && path.size() > open.size()
              && path.subList(0, open.size()).equals(open)) {
        continue; // no header, or a sub-table of the open entry
      }
      boolean entry =
          headers[i].array()
              && (path.size() == 1 || path.size() == 2 && path.get(0).equals("deps"));
      if (!entry && open != null || entry && open != null && path.size() != open.size()) {
        return null;
      }
      if (entry) {
        starts.add(i);
        names.add(path.get(path.size() - 1));
        open = path;
      }
    }
    return open == null ? null : new Blocks(starts, names, open.size());
  }

  /** Where each line starts in the text, and its length at the end. */
  private static int[] offsets(List<String> lines) {
    int[] offsets = new int[lines.size() + 1];
    for (int i = 0; i < lines.size(); i++) {
      offsets[i + 1] = offsets[i] + lines.get(i).length();
    }
    return offsets;
  }

  /** The block's one entry, or null when it does not parse or holds anything else. */
  private static TomlTable entry(String block, String name, boolean v2) {
    return PARSED.get(block, () -> parse(block, name, v2));
  }

  private static TomlTable parse(String block, String name, boolean v2) {
    TomlParseResult doc = Toml.parse(block);
    if (doc.hasErrors() || v2 && !doc.keySet().equals(DEPS)) {
      return null;
    }
    Object holder = v2 ? doc.get(List.of("deps")) : doc;
    if (!(holder instanceof TomlTable entries) || !entries.keySet().equals(Set.of(name))) {
      return null;
    }
    if (!(entries.get(List.of(name)) instanceof TomlArray array)
        || array.size() != 1
        || !array.isTable(0)) {
      return null;
    }
    return array.getTable(0);
  }
}
