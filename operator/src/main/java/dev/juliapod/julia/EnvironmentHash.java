package dev.juliapod.julia;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * SHA-256 of what the stripped environment means, not how its files are laid out: the stripped
 * Project's values and the kept Manifest entries, keys sorted, entries by uuid. Reformatting,
 * comments, the Manifest format and header (`julia_version`, `project_hash`) do not move it, and
 * neither do unpinned packages that the strip removes. The image tag of a later stage is built from
 * it, so the prefix names the scheme to let it change later.
 */
public final class EnvironmentHash {
  private static final Set<String> MANIFEST_HEADER =
      Set.of("deps", "julia_version", "manifest_format", "project_hash");

  /** The stripped Project's canonical form by its text: plans of one project share it. */
  private static final RecentlyUsed<String, String> PROJECTS =
      new RecentlyUsed<>(64, 1_000_000, String::length);

  /**
   * Each entry table's canonical form, by the table itself: tomlj's tables compare by identity, and
   * {@link ManifestSections} gives every Manifest with the same entry text the same table, so a new
   * Manifest's entries seen before are written once (writing them was half of a plan's strip,
   * BENCHMARKS.md, tenth round). A table is read, never changed. As many as ManifestSections keeps.
   */
  private static final RecentlyUsed<TomlTable, String> ENTRIES =
      new RecentlyUsed<>(512, 512, table -> 1);

  private EnvironmentHash() {}

  private static String written(TomlTable table) {
    StringBuilder out = new StringBuilder();
    write(table, out);
    return out.toString();
  }

  static String of(String projectToml, Manifest manifest, Set<String> keep) {
    StringBuilder canonical = new StringBuilder("juliapod-environment-v1\nproject ");
    canonical.append(PROJECTS.get(projectToml, () -> written(Toml.parse(projectToml))));
    canonical.append("\nmanifest ");
    if (manifest.format() == Manifest.Format.V2) {
      for (String key : new TreeSet<>(manifest.document().keySet())) {
        if (!MANIFEST_HEADER.contains(key)) {
          canonical.append(quote(key)).append('=');
          write(manifest.document().get(List.of(key)), canonical);
          canonical.append('\n');
        }
      }
    }
    manifest.entries().stream()
        .filter(e -> keep.contains(e.uuid()))
        .sorted(Comparator.comparing(PackageEntry::uuid))
        .forEach(
            e ->
                canonical
                    .append("\nentry ")
                    .append(quote(e.name()))
                    .append(' ')
                    .append(ENTRIES.get(e.table(), () -> written(e.table()))));
    return "sha256:" + Sha256.hex(canonical.toString());
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof TomlTable table) {
      out.append('{');
      String sep = "";
      for (String key : new TreeSet<>(table.keySet())) {
        out.append(sep).append(quote(key)).append(':');
        write(table.get(List.of(key)), out);
        sep = ",";
      }
      out.append('}');
    } else if (value instanceof TomlArray array) {
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(array.get(i), out);
      }
      out.append(']');
    } else if (value instanceof String text) {
      out.append(quote(text));
    } else {
      out.append(value);
    }
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
