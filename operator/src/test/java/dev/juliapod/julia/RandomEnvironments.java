package dev.juliapod.julia;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random dependency graphs shaped like real Manifests: stdlibs that depend only on stdlibs,
 * packages that depend on anything (cycles included), some pinned, some tracked by path or url, and
 * a Manifest that holds exactly what the direct dependencies reach.
 */
final class RandomEnvironments {
  private RandomEnvironments() {}

  static EnvBuilder generate(long seed, int size) {
    Random random = new Random(seed);
    int stdlibs = random.nextInt(Math.max(1, size / 3) + 1);
    Map<String, List<String>> deps = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String name = (i < stdlibs ? "Std" : "Pkg") + i;
      names.add(name);
      List<String> edges = new ArrayList<>();
      int fanout = random.nextInt(4);
      for (int k = 0; k < fanout; k++) {
        int target = i < stdlibs ? random.nextInt(stdlibs) : random.nextInt(size);
        if (target != i && !edges.contains(names(target, stdlibs))) {
          edges.add(names(target, stdlibs));
        }
      }
      deps.put(name, edges);
    }
    List<String> direct = new ArrayList<>();
    for (String name : names) {
      if (random.nextInt(3) == 0) {
        direct.add(name);
      }
    }
    if (direct.isEmpty()) {
      direct.add(names.get(random.nextInt(size)));
    }
    EnvBuilder b = new EnvBuilder();
    for (String name : reachable(direct, deps)) {
      EnvBuilder.Pkg pkg = name.startsWith("Std") ? b.stdlib(name) : b.pkg(name);
      pkg.deps(deps.get(name).toArray(String[]::new));
      if (!pkg.stdlib) {
        int kind = random.nextInt(10);
        if (kind < 4) {
          pkg.pinned();
        } else if (kind == 4) {
          pkg.path("dev/" + name);
        } else if (kind == 5) {
          pkg.repo("https://example.org/" + name + ".jl.git");
        }
      }
      if (direct.contains(name)) {
        pkg.direct();
      }
    }
    return b;
  }

  private static String names(int index, int stdlibs) {
    return (index < stdlibs ? "Std" : "Pkg") + index;
  }

  static Set<String> reachable(List<String> roots, Map<String, List<String>> deps) {
    Set<String> seen = new HashSet<>(roots);
    Deque<String> work = new ArrayDeque<>(roots);
    while (!work.isEmpty()) {
      for (String dep : deps.get(work.removeFirst())) {
        if (seen.add(dep)) {
          work.add(dep);
        }
      }
    }
    List<String> ordered = new ArrayList<>(deps.keySet());
    ordered.retainAll(seen);
    return new java.util.LinkedHashSet<>(ordered);
  }
}
