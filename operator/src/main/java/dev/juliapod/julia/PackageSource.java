package dev.juliapod.julia;

/** Where a Manifest entry's code comes from, read from the keys Pkg writes. */
public enum PackageSource {
  /** No `git-tree-sha1`, `path` or `repo-url`: ships with Julia. */
  STDLIB,
  /** Resolved from a registry: `git-tree-sha1` only. */
  REGISTRY,
  /** Tracked by `path` (`Pkg.develop`). */
  PATH,
  /** Tracked by `repo-url` (`Pkg.add(url=...)`). */
  REPO;

  static PackageSource of(boolean hasTreeHash, String path, String repoUrl) {
    if (path != null) {
      return PATH;
    }
    if (repoUrl != null) {
      return REPO;
    }
    return hasTreeHash ? REGISTRY : STDLIB;
  }
}
