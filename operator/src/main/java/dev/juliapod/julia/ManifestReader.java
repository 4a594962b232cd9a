package dev.juliapod.julia;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads Manifest.toml in format v1, v2.0 and v2.1 into {@link Manifest}: entry by entry when it is
 * laid out as Pkg writes it ({@link ManifestSections}), else, and for every message, the whole file
 * at once.
 */
public final class ManifestReader {
  static final String REGENERATE = "let Pkg write the Manifest again (Pkg.resolve())";

  private ManifestReader() {}

  public static Manifest read(String text, String file) throws InvalidEnvironmentException {
    Manifest byEntry = ManifestSections.read(text, file);
    return byEntry != null ? byEntry : whole(text, file);
  }

  /** The whole file parsed at once. */
  static Manifest whole(String text, String file) throws InvalidEnvironmentException {
    TomlParseResult doc = TomlFiles.parse(text, file);
    Manifest.Format format = format(doc, file);
    TomlTable packages = packages(doc, format, file);

    Map<String, List<Located>> byName = new LinkedHashMap<>();
    for (String name : packages.keySet()) {
      Object value = packages.get(List.of(name));
      if (!(value instanceof TomlArray array) || !array.isEmpty() && !array.isTable(0)) {
        throw new InvalidEnvironmentException(
            file,
            TomlFiles.line(packages, name),
            "`"
                + name
                + "` is not a package entry ([["
                + prefix(format)
                + name
                + "]]); "
                + REGENERATE);
      }
      List<Located> sameName = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        sameName.add(new Located(array.getTable(i), array.inputPositionOf(i).line()));
      }
      byName.put(name, sameName);
    }
    Entries entries = entries(byName, file);
    ManifestLayout layout =
        ManifestLayoutScanner.scan(
            text, doc, format, entries.uuidsByName(), entries.lineByUuid(), file);
    return new Manifest(file, format, doc, entries.list(), layout);
  }

  /** An entry's table and the line of its header. */
  record Located(TomlTable table, int line) {}

  /** A Manifest's entries, grouped by name in the order the names first appear. */
  record Entries(
      List<PackageEntry> list,
      Map<String, List<String>> uuidsByName,
      Map<String, Integer> lineByUuid) {}

  /** The entries, their dependency names resolved to uuids; both readers share this. */
  static Entries entries(Map<String, List<Located>> tables, String file)
      throws InvalidEnvironmentException {
    Map<String, List<RawManifestEntry>> byName = new LinkedHashMap<>();
    Map<String, RawManifestEntry> byUuid = new HashMap<>();
    for (Map.Entry<String, List<Located>> named : tables.entrySet()) {
      String name = named.getKey();
      List<RawManifestEntry> sameName = new ArrayList<>();
      for (Located located : named.getValue()) {
        RawManifestEntry raw = RawManifestEntry.read(name, located.table(), located.line(), file);
        RawManifestEntry clash = byUuid.put(raw.uuid(), raw);
        if (clash != null) {
          throw new InvalidEnvironmentException(
              file,
              raw.line(),
              "uuid "
                  + raw.uuid()
                  + " has two entries (lines "
                  + clash.line()
                  + " and "
                  + raw.line()
                  + "); "
                  + REGENERATE);
        }
        sameName.add(raw);
      }
      byName.put(name, sameName);
    }

    List<PackageEntry> entries = new ArrayList<>();
    for (List<RawManifestEntry> sameName : byName.values()) {
      for (RawManifestEntry raw : sameName) {
        entries.add(raw.resolve(byName, byUuid, file));
      }
    }
    Map<String, List<String>> uuidsByName = new HashMap<>();
    byName.forEach((name, sameName) -> uuidsByName.put(name, uuids(sameName)));
    Map<String, Integer> lineByUuid = new HashMap<>();
    byUuid.forEach((uuid, raw) -> lineByUuid.put(uuid, raw.line()));
    return new Entries(entries, uuidsByName, lineByUuid);
  }

  private static List<String> uuids(List<RawManifestEntry> entries) {
    return entries.stream().map(e -> e.uuid()).toList();
  }

  static String prefix(Manifest.Format format) {
    return format == Manifest.Format.V2 ? "deps." : "";
  }

  static Manifest.Format format(TomlTable doc, String file) throws InvalidEnvironmentException {
    if (!doc.contains(List.of("manifest_format"))) { // a path: a string would be parsed
      return Manifest.Format.V1;
    }
    String version = TomlFiles.string(doc, "manifest_format", file, "manifest_format");
    if (version == null || !version.matches("2(\\.\\d+)*")) {
      throw new InvalidEnvironmentException(
          file,
          TomlFiles.line(doc, "manifest_format"),
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
      throw new InvalidEnvironmentException(
          file,
          TomlFiles.line(doc, "deps"),
          "`deps` must hold [[deps.Name]] entries; " + REGENERATE);
    }
    return table;
  }
}
