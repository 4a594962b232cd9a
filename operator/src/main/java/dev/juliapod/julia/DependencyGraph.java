package dev.juliapod.julia;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Manifest's `deps` edges (never `weakdeps`) in both directions. */
final class DependencyGraph {
  private final Manifest manifest;
  private final Map<String, List<PackageEntry>> dependents = new HashMap<>();

  DependencyGraph(Manifest manifest) {
    this.manifest = manifest;
    List<PackageEntry> byName = new ArrayList<>(manifest.entries());
    byName.sort(Comparator.comparing(PackageEntry::name).thenComparing(PackageEntry::uuid));
    for (PackageEntry entry : byName) {
      for (String dep : entry.deps().values()) {
        dependents.computeIfAbsent(dep, d -> new ArrayList<>()).add(entry);
      }
    }
  }

  /** Entries that list {@code uuid} in their `deps`, in name order. */
  List<PackageEntry> dependents(String uuid) {
    return dependents.getOrDefault(uuid, List.of());
  }

  /**
   * Step 2 of docs/design.md, "Stripping": whatever depends on a dropped package is dropped too.
   * Done in rounds so that each reason names only packages dropped in an earlier round, which keeps
   * every reason chain free of cycles.
   */
  void dropDependents(Map<String, Drop> drops) {
    Collection<String> round = List.copyOf(drops.keySet());
    while (!round.isEmpty()) {
      Map<String, Drop> next = new LinkedHashMap<>();
      for (String dropped : round) {
        for (PackageEntry entry : dependents(dropped)) {
          if (!drops.containsKey(entry.uuid()) && !next.containsKey(entry.uuid())) {
            next.put(entry.uuid(), new Drop("depends on %s", droppedDeps(entry, drops)));
          }
        }
      }
      drops.putAll(next);
      round = next.keySet();
    }
  }

  private static List<String> droppedDeps(PackageEntry entry, Map<String, Drop> drops) {
    return InitialDrops.sorted(entry.deps()).stream().filter(drops::containsKey).toList();
  }

  /** Step 4: everything reachable from {@code roots} over `deps`, roots included. */
  Set<String> closure(Collection<String> roots) {
    Set<String> keep = new HashSet<>();
    Deque<String> work = new ArrayDeque<>();
    for (String root : roots) {
      if (manifest.contains(root) && keep.add(root)) {
        work.add(root);
      }
    }
    while (!work.isEmpty()) {
      for (String dep : manifest.entry(work.removeFirst()).deps().values()) {
        if (keep.add(dep)) {
          work.add(dep);
        }
      }
    }
    return keep;
  }
}
