package dev.juliapod.julia;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A line-by-line Java transcription of Pkg's `rm(ctx, pkgs; mode=PKGMODE_MANIFEST)` and
 * `prune_manifest` (Pkg.jl src/Operations.jl), written without looking at {@link Stripper}, to
 * check that the engine's Pinned policy leaves what Pkg leaves.
 */
final class PkgRmReference {
  /** Manifest uuids Pkg keeps, and the Project deps it keeps. */
  record Result(Set<String> manifest, Map<String, String> projectDeps) {}

  private PkgRmReference() {}

  static Result rm(JuliaEnvironment env, Collection<String> pkgUuids) {
    Map<String, Set<String>> manifest = new LinkedHashMap<>();
    env.manifest().entries().forEach(e -> manifest.put(e.uuid(), new HashSet<>(e.deps().values())));
    List<String> drop = new ArrayList<>();
    for (String uuid : pkgUuids) {
      if (manifest.containsKey(uuid)) {
        drop.add(uuid);
      }
    }
    // drop reverse dependencies
    while (!drop.isEmpty()) {
      boolean clean = true;
      for (Map.Entry<String, Set<String>> entry : manifest.entrySet()) {
        if (java.util.Collections.disjoint(drop, entry.getValue())) {
          continue;
        }
        if (drop.contains(entry.getKey())) {
          continue;
        }
        drop.add(entry.getKey());
        clean = false;
      }
      if (clean) {
        break;
      }
    }
    // delete drops from project
    Map<String, String> projectDeps = new LinkedHashMap<>(env.project().deps());
    int n = projectDeps.size();
    projectDeps.values().removeIf(drop::contains);
    if (projectDeps.size() == n) {
      return new Result(manifest.keySet(), env.project().deps()); // "No changes"
    }
    // prune_manifest
    Set<String> keep = new HashSet<>(projectDeps.values());
    if (env.project().name() != null && env.project().uuid() != null) {
      keep.add(env.project().uuid());
    }
    while (!keep.isEmpty()) {
      boolean clean = true;
      for (Map.Entry<String, Set<String>> entry : manifest.entrySet()) {
        if (!keep.contains(entry.getKey())) {
          continue;
        }
        for (String dep : entry.getValue()) {
          if (keep.contains(dep)) {
            continue;
          }
          keep.add(dep);
          clean = false;
        }
      }
      if (clean) {
        break;
      }
    }
    keep.retainAll(manifest.keySet());
    return new Result(keep, projectDeps);
  }
}
