package dev.juliapod.julia;

import java.util.Map;
import org.tomlj.TomlTable;

/**
 * One `[[deps.Name]]` entry of a Manifest.
 *
 * @param deps dependency name to uuid, resolved even where the file lists names only
 * @param table the entry as parsed, every key kept, for hashing
 * @param line the line of the entry's header in the Manifest
 */
public record PackageEntry(
    String name,
    String uuid,
    String version,
    boolean pinned,
    PackageSource source,
    String path,
    String repoUrl,
    Map<String, String> deps,
    TomlTable table,
    int line) {

  public boolean isStdlib() {
    return source == PackageSource.STDLIB;
  }

  /** "Name 1.2.3", or the name alone for an entry without a version. */
  public String label() {
    return version == null ? name : name + " " + version;
  }
}
