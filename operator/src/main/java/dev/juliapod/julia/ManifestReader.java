package dev.juliapod.julia;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** Reads Manifest.toml in format v1, v2.0 and v2.1 into {@link Manifest}. */
public final class ManifestReader {
  private static final String REGENERATE = "let Pkg write the Manifest again (Pkg.resolve())";

  private ManifestReader() {}

  public static Manifest read(String text, String file) throws InvalidEnvironmentException {
    TomlParseResult doc = TomlFiles.parse(text, file);
    Manifest.Format format = format(doc, file);
    TomlTable packages = packages(doc, format, file);

    Map<String, List<RawEntry>> byName = new LinkedHashMap<>();
    Map<String, RawEntry> byUuid = new HashMap<>();
    for (String name : packages.keySet()) {
      Object value = packages.get(List.of(name));
      if (!(value instanceof TomlArray array) || !array.isEmpty() && !array.isTable(0)) {
        throw new InvalidEnvironmentException(file, TomlFiles.line(packages, name),
            "`" + name + "` is not a package entry ([[" + prefix(format) + name + "]]); "
                + REGENERATE);
      }
      List<RawEntry> sameName = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        RawEntry raw = RawEntry.read(name, array.getTable(i), array.inputPositionOf(i).line(), file);
        RawEntry clash = byUuid.put(raw.uuid, raw);
        if (clash != null) {
          throw new InvalidEnvironmentException(file, raw.line,
              "uuid " + raw.uuid + " has two entries (lines " + clash.line + " and " + raw.line
                  + "); " + REGENERATE);
        }
        sameName.add(raw);
      }
      byName.put(name, sameName);
    }

    List<PackageEntry> entries = new ArrayList<>();
    for (List<RawEntry> sameName : byName.values()) {
      for (RawEntry raw : sameName) {
        entries.add(raw.resolve(byName, byUuid, file));
      }
    }
    Map<String, List<String>> uuidsByName = new HashMap<>();
    byName.forEach((name, sameName) -> uuidsByName.put(name, uuids(sameName)));
    Map<String, Integer> lineByUuid = new HashMap<>();
    byUuid.forEach((uuid, raw) -> lineByUuid.put(uuid, raw.line));
    ManifestLayout layout =
        ManifestLayoutScanner.scan(text, doc, format, uuidsByName, lineByUuid, file);
    return new Manifest(file, format, doc, entries, layout);
  }

  private static List<String> uuids(List<RawEntry> entries) {
    return entries.stream().map(e -> e.uuid).toList();
  }

  static String prefix(Manifest.Format format) {
    return format == Manifest.Format.V2 ? "deps." : "";
  }

  private static Manifest.Format format(TomlTable doc, String file)
      throws InvalidEnvironmentException {
    if (!doc.contains("manifest_format")) {
      return Manifest.Format.V1;
    }
    String version = TomlFiles.string(doc, "manifest_format", file, "manifest_format");
    if (version == null || !version.matches("2(\\.\\d+)*")) {
      throw new InvalidEnvironmentException(file, TomlFiles.line(doc, "manifest_format"),
          "manifest_format \"" + version + "\" is not supported (juliapod reads v1, 2.0 and 2.1)");
    }
    return Manifest.Format.V2;
  }

  private static TomlTable packages(TomlTable doc, Manifest.Format format, String file)
      throws InvalidEnvironmentException {
    if (format == Manifest.Format.V1) {
      return doc;
    }
    Object deps = doc.get(List.of("deps"));
    if (deps == null) {
      return org.tomlj.MutableTomlTable.create();
    }
    if (!(deps instanceof TomlTable table)) {
      throw new InvalidEnvironmentException(file, TomlFiles.line(doc, "deps"),
          "`deps` must hold [[deps.Name]] entries; " + REGENERATE);
    }
    return table;
  }

  /** An entry before its dependency names are turned into uuids. */
  private record RawEntry(String name, String uuid, TomlTable table, int line, Object deps) {
    static RawEntry read(String name, TomlTable table, int line, String file)
        throws InvalidEnvironmentException {
      String what = "[[" + name + "]]";
      String uuid = TomlFiles.uuid(table, "uuid", file, what);
      if (uuid == null) {
        throw new InvalidEnvironmentException(file, line, what + " has no uuid; " + REGENERATE);
      }
      return new RawEntry(name, uuid, table, line, table.get(List.of("deps")));
    }

    PackageEntry resolve(Map<String, List<RawEntry>> byName, Map<String, RawEntry> byUuid,
        String file) throws InvalidEnvironmentException {
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
            throw new InvalidEnvironmentException(file, TomlFiles.line(named, dep),
                name + " depends on " + dep + " (" + uuid + "), which has no entry in the"
                    + " Manifest; the Manifest is incomplete: " + REGENERATE);
          }
          resolved.put(dep, uuid);
        }
      } else if (deps != null) {
        throw new InvalidEnvironmentException(file, TomlFiles.line(table, "deps"),
            what + ": `deps` must be an array of names or a name = uuid table");
      }
      String version = TomlFiles.string(table, "version", file, what);
      String path = TomlFiles.string(table, "path", file, what);
      String repoUrl = TomlFiles.string(table, "repo-url", file, what);
      boolean pinned = Boolean.TRUE.equals(table.get(List.of("pinned")));
      PackageSource source = PackageSource.of(table.contains("git-tree-sha1"), path, repoUrl);
      return new PackageEntry(name, uuid, version, pinned, source, path, repoUrl,
          Map.copyOf(resolved), table, line);
    }

    private String byName(String dep, Map<String, List<RawEntry>> byName, String file)
        throws InvalidEnvironmentException {
      List<RawEntry> candidates = byName.getOrDefault(dep, List.of());
      int depsLine = TomlFiles.line(table, "deps");
      if (candidates.isEmpty()) {
        throw new InvalidEnvironmentException(file, depsLine,
            name + " depends on \"" + dep + "\", which has no entry in the Manifest; the"
                + " Manifest is incomplete: " + REGENERATE);
      }
      if (candidates.size() > 1) {
        String lines = candidates.stream().map(c -> String.valueOf(c.line))
            .collect(Collectors.joining(", "));
        throw new InvalidEnvironmentException(file, depsLine,
            name + " depends on \"" + dep + "\", but " + candidates.size()
                + " entries have that name (lines " + lines + "); write " + name
                + "'s deps as a name = uuid table, as Pkg does when names repeat");
      }
      return candidates.get(0).uuid;
    }
  }
}
