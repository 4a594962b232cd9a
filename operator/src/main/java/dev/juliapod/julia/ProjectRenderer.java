package dev.juliapod.julia;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tomlj.MutableTomlArray;
import org.tomlj.MutableTomlTable;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Writes the stripped Project.toml the way `Pkg.rm` edits it: the dropped `[deps]` go; `[compat]`
 * keeps `julia` and names still in deps, extras or weakdeps; `[sources]` keeps deps and extras;
 * each `[targets]` list keeps deps and extras and goes when empty. tomlj edits the parsed file in
 * place, so everything else keeps its layout and comments. Keys are given as paths: tomlj parses a
 * string key with its full parser, a lexer and parser per call.
 */
final class ProjectRenderer {
  private record Key(String project, Set<String> removedDeps) {}

  /** Plans that share a Project and its unpinned packages share the stripped Project. */
  private static final RecentlyUsed<Key, String> RENDERED =
      new RecentlyUsed<>(64, 1_000_000, key -> key.project().length());

  private ProjectRenderer() {}

  static String render(Project project, Set<String> removedDeps) {
    if (removedDeps.isEmpty()) {
      return project.text();
    }
    return RENDERED.get(
        new Key(project.text(), Set.copyOf(removedDeps)), () -> edit(project, removedDeps));
  }

  private static String edit(Project project, Set<String> removedDeps) {
    TomlParseResult doc = Toml.parse(project.text());
    MutableTomlTable deps = doc.getTable(List.of("deps"));
    removedDeps.forEach(name -> deps.remove(List.of(name)));

    Set<String> depsAndExtras = new HashSet<>(deps.keySet());
    depsAndExtras.addAll(project.extras());
    Set<String> compatible = new HashSet<>(depsAndExtras);
    compatible.addAll(project.weakdeps());
    compatible.add("julia");

    keepOnly(doc, "compat", compatible);
    keepOnly(doc, "sources", depsAndExtras);
    MutableTomlTable targets =
        doc.isTable(List.of("targets")) ? doc.getTable(List.of("targets")) : null;
    if (targets != null) {
      for (String target : List.copyOf(targets.keySet())) {
        if (targets.get(List.of(target)) instanceof MutableTomlArray names) {
          for (int i = names.size() - 1; i >= 0; i--) {
            if (!depsAndExtras.contains(String.valueOf(names.get(i)))) {
              names.remove(i);
            }
          }
          if (names.isEmpty()) {
            targets.remove(List.of(target));
          }
        }
      }
    }
    for (String section : List.of("deps", "compat", "sources", "targets")) {
      if (doc.isTable(List.of(section)) && doc.getTable(List.of(section)).isEmpty()) {
        doc.remove(List.of(section)); // Pkg does not write an empty section
      }
    }
    return doc.toToml();
  }

  private static void keepOnly(TomlParseResult doc, String section, Set<String> names) {
    if (doc.isTable(List.of(section))) {
      MutableTomlTable table = doc.getTable(List.of(section));
      for (String key : List.copyOf(table.keySet())) {
        if (!names.contains(key)) {
          table.remove(List.of(key));
        }
      }
    }
  }
}
