package dev.juliapod.julia;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * A Manifest.toml entry before its dependency names are turned into uuids ({@link ManifestReader}).
 */
record RawManifestEntry(String name, String uuid, TomlTable table, int line, Object deps) {
  /**
   * A key path, not a dotted-key string: tomlj parses a string key with its full parser (a lexer
   * and parser per call), once per entry here.
   */
  private static final List<String> GIT_TREE_SHA1 = List.of("git-tree-sha1");

  static RawManifestEntry read(String name, TomlTable table, int line, String file)
      throws InvalidEnvironmentException {
    String what = "[[" + name + "]]";
    String uuid = TomlFiles.uuid(table, "uuid", file, what);
    if (uuid == null) {
      throw new InvalidEnvironmentException(
          file, line, what + " has no uuid; " + ManifestReader.REGENERATE);
    }
    return new RawManifestEntry(name, uuid, table, line, table.get(List.of("deps")));
  }

  PackageEntry resolve(
      Map<String, List<RawManifestEntry>> byName, Map<String, RawManifestEntry> byUuid, String file)
      throws InvalidEnvironmentException {
    String what = "[[" + name + "]]";
    Map<String, String> resolved = new LinkedHashMap<>();
    if (deps instanceof TomlArray names) {
      for (int i = 0; i < names.size(); i++) {
        if (!names.isString(i)) {
          throw new InvalidEnvironmentException(file, line, what + ": `deps` must list names");
        }
        resolved.put(names.getString(i), byName(names.getString(i), byName, file));
      }
    } else if (deps instanceof TomlTable named) {
      for (String dep : named.keySet()) {
        String uuid = TomlFiles.uuid(named, dep, file, what + " deps." + dep);
        if (!byUuid.containsKey(uuid)) {
          throw new InvalidEnvironmentException(
              file,
              TomlFiles.line(named, dep),
              name
                  + " depends on "
                  + dep
                  + " ("
                  + uuid
                  + "), which has no entry in the"
                  + " Manifest; the Manifest is incomplete: "
                  + ManifestReader.REGENERATE);
        }
        resolved.put(dep, uuid);
      }
    } else if (deps != null) {
      throw new InvalidEnvironmentException(
          file,
          TomlFiles.line(table, "deps"),
          what + ": `deps` must be an array of names or a name = uuid table");
    }
    String version = TomlFiles.string(table, "version", file, what);
    String path = TomlFiles.string(table, "path", file, what);
    String repoUrl = TomlFiles.string(table, "repo-url", file, what);
    boolean pinned = Boolean.TRUE.equals(table.get(List.of("pinned")));
    PackageSource source = PackageSource.of(table.contains(GIT_TREE_SHA1), path, repoUrl);
    return new PackageEntry(
        name, uuid, version, pinned, source, path, repoUrl, Map.copyOf(resolved), table, line);
  }

  private String byName(String dep, Map<String, List<RawManifestEntry>> byName, String file)
      throws InvalidEnvironmentException {
    List<RawManifestEntry> candidates = byName.getOrDefault(dep, List.of());
    int depsLine = TomlFiles.line(table, "deps");
    if (candidates.isEmpty()) {
      throw new InvalidEnvironmentException(
          file,
          depsLine,
          name
              + " depends on \""
              + dep
              + "\", which has no entry in the Manifest; the"
              + " Manifest is incomplete: "
              + ManifestReader.REGENERATE);
    }
    if (candidates.size() > 1) {
      String lines =
          candidates.stream().map(c -> String.valueOf(c.line)).collect(Collectors.joining(", "));
      throw new InvalidEnvironmentException(
          file,
          depsLine,
          name
              + " depends on \""
              + dep
              + "\", but "
              + candidates.size()
              + " entries have that name (lines "
              + lines
              + "); write "
              + name
              + "'s deps as a name = uuid table, as Pkg does when names repeat");
    }
    return candidates.get(0).uuid;
  }
}
