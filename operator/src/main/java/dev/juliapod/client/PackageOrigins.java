package dev.juliapod.client;

import dev.juliapod.julia.Manifest;
import dev.juliapod.julia.PackageEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Where the packages of a local Manifest come from, as far as this machine can tell: a package
 * found in a registry of the local depots other than General, or tracked by URL, needs the JuliaPod
 * to declare that registry or credentials, or its session cannot install it.
 */
public final class PackageOrigins {
  private static final String GENERAL = "General";

  /** A registry in a local depot, from its Registry.toml. */
  record Registry(String name, String repo) {}

  private PackageOrigins() {}

  /**
   * One line per package the JuliaPod may not be able to install.
   *
   * @param declared the registry URLs the JuliaPod will have (its own and the flags')
   * @param credentials whether it names a credentials Secret
   * @param depots the local depots (JULIA_DEPOT_PATH, else ~/.julia)
   */
  public static List<String> warnings(
      Manifest manifest, Collection<String> declared, boolean credentials, List<Path> depots) {
    Map<String, Registry> registryOf = registries(depots);
    List<String> warnings = new ArrayList<>();
    for (PackageEntry p : manifest.entries()) {
      if (p.isStdlib() || p.path() != null) {
        continue;
      }
      if (p.repoUrl() != null) {
        if (!credentials) {
          warnings.add(
              p.name()
                  + " is installed from "
                  + p.repoUrl()
                  + ": if that repository is private, pass --credentials-secret NAME");
        }
        continue;
      }
      Registry registry = registryOf.get(p.uuid());
      if (registry != null
          && !GENERAL.equals(registry.name())
          && registry.repo() != null
          && !declared.contains(registry.repo())) {
        warnings.add(
            p.name()
                + " comes from the registry "
                + registry.name()
                + ", which the JuliaPod does not add: pass --registry "
                + registry.repo()
                + (credentials ? "" : " (and --credentials-secret NAME if it is private)"));
      }
    }
    return warnings;
  }

  /** The depots Julia on this machine uses: JULIA_DEPOT_PATH's entries, else ~/.julia. */
  public static List<Path> depots(Map<String, String> env) {
    String path = env.get("JULIA_DEPOT_PATH");
    List<Path> depots = new ArrayList<>();
    if (path != null) {
      for (String entry : path.split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) {
          depots.add(Path.of(entry));
        }
      }
    }
    if (depots.isEmpty() && env.get("HOME") != null) {
      depots.add(Path.of(env.get("HOME"), ".julia"));
    }
    return depots;
  }

  /**
   * Package uuid to registry, for the registries kept as folders (git clones, as Pkg keeps a
   * registry added by URL); packed ones (General from a package server) are not read.
   */
  static Map<String, Registry> registries(List<Path> depots) {
    Map<String, Registry> byPackage = new HashMap<>();
    for (Path depot : depots) {
      Path dir = depot.resolve("registries");
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(dir)) {
        for (Path file : entries.map(e -> e.resolve("Registry.toml")).toList()) {
          if (!Files.isRegularFile(file)) {
            continue;
          }
          TomlParseResult toml = Toml.parse(file);
          Registry registry = new Registry(toml.getString("name"), toml.getString("repo"));
          TomlTable packages = toml.getTable("packages");
          if (packages != null) {
            packages.keySet().forEach(uuid -> byPackage.putIfAbsent(uuid, registry));
          }
        }
      } catch (IOException | RuntimeException e) {
        // A registry this machine cannot read only means no warning about it.
      }
    }
    return byPackage;
  }
}
