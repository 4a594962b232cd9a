package dev.juliapod.julia;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** Reads Project.toml (or JuliaProject.toml) into {@link Project}. */
public final class ProjectReader {
  /**
   * A team's JuliaPods often share their Project.toml while their Manifests differ (each person's
   * unpinned packages): the few most recent are kept by text and file name.
   */
  private static final RecentlyUsed<List<String>, Project> READ =
      new RecentlyUsed<>(64, 1_000_000, key -> key.get(0).length());

  private ProjectReader() {}

  public static Project read(String text, String file) throws InvalidEnvironmentException {
    return READ.get(List.of(text, file), () -> parse(text, file));
  }

  private static Project parse(String text, String file) throws InvalidEnvironmentException {
    TomlParseResult doc = TomlFiles.parse(text, file);
    String name = TomlFiles.string(doc, "name", file, "project");
    String uuid = TomlFiles.uuid(doc, "uuid", file, "project");
    Map<String, String> deps = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    TomlTable table = section(doc, "deps", file);
    for (String dep : table.keySet()) {
      String depUuid = TomlFiles.uuid(table, dep, file, "[deps] " + dep);
      if (depUuid == null) {
        throw new InvalidEnvironmentException(
            file,
            TomlFiles.line(table, dep),
            "[deps] " + dep + " must be `" + dep + " = \"<uuid>\"`");
      }
      deps.put(dep, depUuid);
      lines.put(dep, TomlFiles.line(table, dep));
    }
    return new Project(
        file,
        text,
        name,
        uuid,
        Collections.unmodifiableMap(deps), // shared: see READ
        Collections.unmodifiableMap(lines),
        Set.copyOf(section(doc, "weakdeps", file).keySet()),
        Set.copyOf(section(doc, "extras", file).keySet()));
  }

  static TomlTable section(TomlTable doc, String key, String file)
      throws InvalidEnvironmentException {
    Object value = doc.get(List.of(key));
    if (value == null) {
      return org.tomlj.MutableTomlTable.create();
    }
    if (value instanceof TomlTable table) {
      return table;
    }
    throw new InvalidEnvironmentException(
        file,
        TomlFiles.line(doc, key),
        "[" + key + "] must be a table, not " + TomlFiles.describe(value));
  }
}
