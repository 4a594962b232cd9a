package dev.juliapod.julia;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dependency cycles in a Manifest. Julia loads packages that depend on each other but cannot
 * precompile them (Pkg warns "Circular dependency detected" and skips them), so a cycle that a
 * baked package needs cannot go into a sysimage. Cycles among packages the sysimage does not need
 * are Julia's business, not ours. Iterative, so a chain thousands deep is fine.
 */
public final class DependencyCycles {
  private enum Mark {
    OPEN,
    DONE
  }

  private DependencyCycles() {}

  /**
   * A cycle reachable from {@code roots} over `deps`, as the entries around it with the first
   * repeated at the end (A, B, A), or empty.
   */
  public static Optional<List<PackageEntry>> reachableFrom(
      Manifest manifest, Collection<String> roots) {
    Map<String, Mark> marks = new HashMap<>();
    for (String root : roots) {
      if (!manifest.contains(root) || marks.containsKey(root)) {
        continue;
      }
      Deque<String> path = new ArrayDeque<>();
      Deque<Iterator<String>> pending = new ArrayDeque<>();
      path.addLast(root);
      pending.addLast(deps(manifest, root));
      marks.put(root, Mark.OPEN);
      while (!path.isEmpty()) {
        Iterator<String> next = pending.peekLast();
        if (!next.hasNext()) {
          marks.put(path.removeLast(), Mark.DONE);
          pending.removeLast();
          continue;
        }
        String dep = next.next();
        Mark mark = marks.get(dep);
        if (mark == Mark.OPEN) {
          return Optional.of(cycle(manifest, path, dep));
        }
        if (mark == null) {
          marks.put(dep, Mark.OPEN);
          path.addLast(dep);
          pending.addLast(deps(manifest, dep));
        }
      }
    }
    return Optional.empty();
  }

  /** "A → B → A", for messages. */
  public static String describe(List<PackageEntry> cycle) {
    return String.join(" → ", cycle.stream().map(PackageEntry::name).toList());
  }

  private static Iterator<String> deps(Manifest manifest, String uuid) {
    return manifest.entry(uuid).deps().values().stream()
        .filter(manifest::contains)
        .sorted()
        .iterator();
  }

  private static List<PackageEntry> cycle(Manifest manifest, Deque<String> path, String start) {
    List<PackageEntry> cycle = new ArrayList<>();
    boolean in = false;
    for (String uuid : path) {
      in = in || uuid.equals(start);
      if (in) {
        cycle.add(manifest.entry(uuid));
      }
    }
    cycle.add(manifest.entry(start));
    return cycle;
  }
}
