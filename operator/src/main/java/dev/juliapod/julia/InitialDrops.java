package dev.juliapod.julia;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Step 1 of docs/design.md, "Stripping": what each policy drops before Pkg's propagation runs. */
final class InitialDrops {
  private static final Drop UNPINNED = Drop.because("unpinned direct dependency");

  private InitialDrops() {}

  /** Dropped uuid to reason, in the order a reader should see them. */
  static Map<String, Drop> of(JuliaEnvironment env, SysimagePolicy policy, Set<String> explicit) {
    Map<String, Drop> drops = new LinkedHashMap<>();
    Manifest manifest = env.manifest();
    switch (policy) {
      case PINNED -> unpinnedDirect(env).forEach(e -> drops.put(e.uuid(), UNPINNED));
      case STRICT -> {
        List<PackageEntry> roots = unpinnedDirect(env);
        roots.forEach(e -> drops.put(e.uuid(), UNPINNED));
        Deque<PackageEntry> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
          PackageEntry from = queue.removeFirst();
          for (String dep : sorted(from.deps())) {
            PackageEntry to = manifest.entry(dep);
            if (!to.pinned() && !to.isStdlib() && !drops.containsKey(dep)) {
              drops.put(
                  dep, new Drop("unpinned, needed by %s; policy strict", List.of(from.uuid())));
              queue.addLast(to);
            }
          }
        }
      }
      case REGISTERED ->
          manifest.entries().stream()
              .filter(e -> e.source() == PackageSource.PATH || e.source() == PackageSource.REPO)
              .sorted(Comparator.comparing(PackageEntry::name))
              .forEach(
                  e ->
                      drops.put(
                          e.uuid(),
                          Drop.because(
                              e.source() == PackageSource.PATH
                                  ? "tracked by path \"" + e.path() + "\", not a registry"
                                  : "tracked by repo-url " + e.repoUrl() + ", not a registry")));
      case EXPLICIT ->
          env.project()
              .deps()
              .forEach(
                  (name, uuid) -> {
                    if (!explicit.contains(name) && !manifest.entry(uuid).isStdlib()) {
                      drops.put(
                          uuid, Drop.because("direct dependency not in the explicit package list"));
                    }
                  });
      case NONE -> {}
    }
    return drops;
  }

  private static List<PackageEntry> unpinnedDirect(JuliaEnvironment env) {
    return env.project().deps().values().stream()
        .map(env.manifest()::entry)
        .filter(e -> !e.pinned() && !e.isStdlib())
        .toList();
  }

  /** Dependency uuids in name order, so reasons come out the same on every run. */
  static List<String> sorted(Map<String, String> deps) {
    return deps.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(Map.Entry::getValue)
        .toList();
  }
}
