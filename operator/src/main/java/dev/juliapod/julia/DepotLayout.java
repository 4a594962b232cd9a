package dev.juliapod.julia;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.tomlj.TomlTable;

/**
 * Where a Manifest's packages live in a Julia depot, as Julia's loading finds them (docs/design.md,
 * "Depot cache"): the first step of a build cache that copies into an image only what its
 * environment needs. Pure: the same Manifest and Julia version give the same paths.
 */
public final class DepotLayout {
  /** Julia's slug alphabet (base/loading.jl, slug_chars; the same in 1.10, 1.11 and 1.12). */
  private static final String SLUG_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private DepotLayout() {}

  /**
   * A package's source tree: `packages/<Name>/<slug>`, the slug from its uuid and tree hash (Base
   * explicit_manifest_entry_path; Pkg Operations.find_installed). Null for what is not in a depot:
   * a stdlib (ships with Julia) or a `path` entry (beside the Manifest).
   */
  public static String packageDir(PackageEntry entry) {
    String tree = treeHash(entry);
    if (tree == null || entry.source() == PackageSource.PATH) {
      return null;
    }
    return "packages/" + entry.name() + "/" + versionSlug(entry.uuid(), tree);
  }

  /**
   * Where Julia keeps a package's compiled files for a Julia minor version, and how their names
   * start: `compiled/v1.X/<Name>/<package slug>_`. The rest of a name hashes the active project
   * path, the sysimage, the julia binary, flags, CPU target and preferences (base/loading.jl,
   * compilecache_path), none of which the Manifest says, so a cache is read by this prefix.
   */
  public static String compiledPrefix(PackageEntry entry, JuliaVersion julia) {
    return compiledRoot(julia) + entry.name() + "/" + packageSlug(entry.uuid()) + "_";
  }

  /**
   * Where an extension's compiled files live: `compiled/v1.X/<Extension>/`. An extension is loaded
   * as a package of its own whose uuid is Julia's uuid5 of the parent's and the extension's name
   * (base/loading.jl, run_extension_callbacks; Base.uuid5 builds on Julia's own hash, not the RFC's
   * SHA-1), so its slug is left to Julia and the directory is the path.
   */
  public static List<String> extensionDirs(PackageEntry entry, JuliaVersion julia) {
    return extensionNames(entry).stream().map(name -> compiledRoot(julia) + name + "/").toList();
  }

  /** The names of a Manifest entry's extensions (`[deps.Name.extensions]`), sorted. */
  public static List<String> extensionNames(PackageEntry entry) {
    if (entry.table() != null && entry.table().get("extensions") instanceof TomlTable extensions) {
      return List.copyOf(new TreeSet<>(extensions.keySet()));
    }
    return List.of();
  }

  /**
   * The compiled paths of a Manifest's depot packages and their extensions for one Julia minor
   * version: what a build may take from a cache of compiled files. Stdlibs are left out (their
   * caches ship with Julia), and so are `path` packages, whose caches name files outside any depot.
   */
  public static List<String> compiledPaths(Manifest manifest, JuliaVersion julia) {
    List<String> paths = new ArrayList<>();
    for (PackageEntry entry : manifest.entries()) {
      if (packageDir(entry) != null) {
        paths.add(compiledPrefix(entry, julia));
        paths.addAll(extensionDirs(entry, julia));
      }
    }
    return paths;
  }

  private static String compiledRoot(JuliaVersion julia) {
    return "compiled/v" + julia.major() + "." + julia.minor() + "/";
  }

  /** The depot paths of every package of the Manifest that lives in a depot, in its order. */
  public static List<String> packageDirs(Manifest manifest) {
    List<String> dirs = new ArrayList<>();
    for (PackageEntry entry : manifest.entries()) {
      String dir = packageDir(entry);
      if (dir != null) {
        dirs.add(dir);
      }
    }
    return dirs;
  }

  /** Base.version_slug(uuid, sha1, 5): the CRC-32C of the uuid, then of the tree hash. */
  public static String versionSlug(String uuid, String treeHash) {
    CRC32C crc = new CRC32C();
    crc.update(uuidBytes(uuid));
    crc.update(HexFormat.of().parseHex(treeHash));
    return slug(crc.getValue(), 5);
  }

  /** Base.package_slug(uuid, 5): the CRC-32C of the uuid alone. */
  public static String packageSlug(String uuid) {
    CRC32C crc = new CRC32C();
    crc.update(uuidBytes(uuid));
    return slug(crc.getValue(), 5);
  }

  /**
   * The uuid as Julia hands it to crc32c: the bytes of its UInt128 value in memory, little-endian
   * (base/util.jl, _crc32c(::UInt128) through a Ref), so the written form's bytes reversed.
   */
  private static byte[] uuidBytes(String uuid) {
    UUID parsed = UUID.fromString(uuid);
    ByteBuffer big = ByteBuffer.allocate(16);
    big.putLong(parsed.getMostSignificantBits()).putLong(parsed.getLeastSignificantBits());
    byte[] bytes = big.array();
    byte[] little = new byte[16];
    for (int i = 0; i < 16; i++) {
      little[i] = bytes[15 - i];
    }
    return little;
  }

  /** base/loading.jl slug(x::UInt32, p): p base-62 digits, least significant first. */
  static String slug(long unsigned32, int length) {
    StringBuilder out = new StringBuilder(length);
    long y = unsigned32 & 0xFFFFFFFFL;
    for (int i = 0; i < length; i++) {
      out.append(SLUG_CHARS.charAt((int) (y % 62)));
      y /= 62;
    }
    return out.toString();
  }

  private static String treeHash(PackageEntry entry) {
    Object value = entry.table() == null ? null : entry.table().get("git-tree-sha1");
    return value instanceof String s && s.matches("[0-9a-f]{40}") ? s : null;
  }
}
