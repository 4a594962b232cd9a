package dev.juliapod.julia;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides what the sysimage bakes and strips the rest from the build environment, exactly as
 * docs/design.md, "Stripping" says: a policy picks the initial drops, then Pkg's own `rm` steps
 * follow.
 */
public final class Stripper {
  private Stripper() {}

  public static StripResult strip(JuliaEnvironment env, SysimagePolicy policy)
      throws InvalidEnvironmentException {
    return strip(env, policy, List.of());
  }

  /**
   * @param packages the direct deps to bake under {@link SysimagePolicy#EXPLICIT}
   */
  public static StripResult strip(
      JuliaEnvironment env, SysimagePolicy policy, List<String> packages)
      throws InvalidEnvironmentException {
    Set<String> explicit = checkPackages(env.project(), policy, packages);
    Manifest manifest = env.manifest();
    DependencyGraph graph = new DependencyGraph(manifest);
    Map<String, Drop> drops = InitialDrops.of(env, policy, explicit);
    graph.dropDependents(drops);

    Map<String, String> remaining = new LinkedHashMap<>(env.project().deps());
    remaining.values().removeIf(drops::containsKey);
    if (remaining.size() == env.project().deps().size()) {
      // Pkg.rm writes nothing when no direct dependency goes ("No changes").
      return unchanged(env, policy);
    }
    for (String name : explicit) {
      String uuid = env.project().deps().get(name);
      if (drops.containsKey(uuid)) {
        throw new InvalidEnvironmentException(
            env.project().file(),
            env.project().depLines().get(name),
            name
                + " is in the explicit package list but"
                + " cannot be baked: it "
                + drops.get(uuid).render(u -> manifest.entry(u).name(), Set.of())
                + "; add those packages to the list too");
      }
    }

    List<String> roots = new ArrayList<>(remaining.values());
    if (env.project().name() != null && env.project().uuid() != null) {
      roots.add(env.project().uuid()); // Pkg keeps a package project's own entry
    }
    Set<String> keep = graph.closure(roots);
    List<String> prunedStdlibs = new ArrayList<>();
    List<StrippedPackage> stripped = report(manifest, graph, drops, keep, prunedStdlibs);

    Set<String> removedNames = new LinkedHashSet<>(env.project().deps().keySet());
    removedNames.removeAll(remaining.keySet());
    String projectToml = ProjectRenderer.render(env.project(), removedNames);
    String manifestToml = ManifestRenderer.render(manifest, keep);
    List<String> keptUnbaked =
        removedNames.stream()
            .filter(name -> keep.contains(env.project().deps().get(name)))
            .toList();
    return new StripResult(
        policy,
        baked(manifest, remaining),
        stripped,
        List.copyOf(prunedStdlibs),
        keptUnbaked,
        projectToml,
        manifestToml,
        EnvironmentHash.of(projectToml, manifest, keep),
        true);
  }

  /** Removed entries with their reasons: the drops first, then what step 4 pruned. */
  private static List<StrippedPackage> report(
      Manifest manifest,
      DependencyGraph graph,
      Map<String, Drop> drops,
      Set<String> keep,
      List<String> prunedStdlibs) {
    List<StrippedPackage> stripped = new ArrayList<>();
    drops.forEach(
        (uuid, drop) -> {
          // A package project whose Manifest lists itself keeps its own entry and everything that
          // entry needs, dropped or not, exactly as Pkg's prune_manifest does.
          if (!keep.contains(uuid)) {
            stripped.add(
                new StrippedPackage(
                    manifest.entry(uuid).name(),
                    uuid,
                    drop.render(u -> manifest.entry(u).name(), keep)));
          }
        });
    manifest.entries().stream()
        .filter(e -> !keep.contains(e.uuid()) && !drops.containsKey(e.uuid()))
        .sorted(Comparator.comparing(PackageEntry::name).thenComparing(PackageEntry::uuid))
        .forEach(
            e -> {
              if (e.isStdlib()) {
                prunedStdlibs.add(e.name());
              } else {
                stripped.add(new StrippedPackage(e.name(), e.uuid(), onlyThrough(graph, e)));
              }
            });
    return List.copyOf(stripped);
  }

  private static StripResult unchanged(JuliaEnvironment env, SysimagePolicy policy) {
    Manifest manifest = env.manifest();
    List<BakedPackage> baked =
        policy == SysimagePolicy.NONE ? List.of() : baked(manifest, env.project().deps());
    Set<String> all =
        manifest.entries().stream().map(PackageEntry::uuid).collect(Collectors.toSet());
    return new StripResult(
        policy,
        baked,
        List.of(),
        List.of(),
        List.of(),
        env.project().text(),
        manifest.layout().text(),
        EnvironmentHash.of(env.project().text(), manifest, all),
        false);
  }

  private static List<BakedPackage> baked(Manifest manifest, Map<String, String> deps) {
    return deps.values().stream()
        .map(manifest::entry)
        .map(e -> new BakedPackage(e.name(), e.uuid(), e.version()))
        .toList();
  }

  private static String onlyThrough(DependencyGraph graph, PackageEntry entry) {
    List<PackageEntry> users = graph.dependents(entry.uuid());
    if (users.isEmpty()) {
      return "no remaining package needs it";
    }
    return "only reachable through "
        + users.stream().map(PackageEntry::name).distinct().collect(Collectors.joining(", "));
  }

  private static Set<String> checkPackages(
      Project project, SysimagePolicy policy, List<String> packages)
      throws InvalidEnvironmentException {
    if (policy != SysimagePolicy.EXPLICIT) {
      if (!packages.isEmpty()) {
        throw new InvalidEnvironmentException(
            "sysimage policy " + policy.id(),
            "a package list is only used by policy explicit; remove it or choose explicit");
      }
      return Set.of();
    }
    if (packages.isEmpty()) {
      throw new InvalidEnvironmentException(
          "sysimage policy explicit", "list the direct dependencies to bake (at least one)");
    }
    for (String name : packages) {
      if (!project.deps().containsKey(name)) {
        throw new InvalidEnvironmentException(
            project.file(),
            "the explicit package list names "
                + name
                + ", which is not a direct dependency;"
                + " choose from "
                + String.join(", ", project.deps().keySet()));
      }
    }
    return new LinkedHashSet<>(packages);
  }
}
