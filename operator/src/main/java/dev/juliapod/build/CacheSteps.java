package dev.juliapod.build;

import dev.juliapod.plan.SysimagePlan;

/**
 * The Dockerfile's side of the depot cache ({@link DepotCache}): the script's steps as RUN lines,
 * and each Julia minor version's rule for the sources it takes.
 */
final class CacheSteps {
  private CacheSteps() {}

  /** A step of the script, continued on the next line. */
  static String run(String command) {
    return last(command).replace("\n", " \\\n");
  }

  /**
   * A step of the script that ends its RUN. The script catches what goes wrong inside it; a Julia
   * that cannot run it at all (it has never run outside a real build) must not fail a build either,
   * with or without the volume, so the shell says so in the line the operator reads.
   */
  static String last(String command) {
    return " && (JULIA_DEPOT_PATH="
        + BuildContext.DEPOT
        + ": julia --startup-file=no "
        + DepotCache.SCRIPT
        + " "
        + command
        + " || echo 'juliapod-depot-cache: "
        + command
        + " failed; building without the cache')\n";
  }

  static String comment(SysimagePlan plan) {
    return "# The build cache, when mounted, gives what it holds of this environment and takes\n"
        + "# what Pkg adds"
        + (mtimesChecked(plan)
            ? ". Julia before 1.11 checks sources by modification time: fixed at 0.\n"
            : ".\n");
  }

  /**
   * Julia 1.10 records each source of a compiled file by absolute path and modification time and
   * takes the file as stale when a time differs (base/loading.jl at v1.10.8, stale_cachefile and
   * _include_dependency); sizes and contents are not compared. A tree from the cache and the same
   * tree downloaded by this build would differ only there, so every build fixes them: the same path
   * (the image depot) and the same time, as julia-container-scripts does before precompiling
   * (README, FIXED_PACKAGE_TIMESTAMPS). Kaniko keeps modification times when it copies and unpacks
   * (pkg/util/fs_util.go, CopyFile and setFileTimes) unless --reproducible, which the Job does not
   * pass. From 1.11 a source is checked by size and CRC-32C under `@depot` (any_includes_stale,
   * stale_cachefile in 1.11 and 1.12), so times do not matter and are left as Pkg wrote them.
   */
  static String sourceTimes(SysimagePlan plan) {
    if (!mtimesChecked(plan)) {
      return "";
    }
    String packages = BuildContext.DEPOT + "/packages";
    return " && mkdir -p "
        + packages
        + " && find "
        + packages
        + " -exec touch -h -m -d @0 {} + \\\n";
  }

  /** Julia before 1.11, and a version the plan does not know, which may be one. */
  static boolean mtimesChecked(SysimagePlan plan) {
    return plan.julia() == null || !plan.julia().atLeast(1, 11, 0);
  }
}
