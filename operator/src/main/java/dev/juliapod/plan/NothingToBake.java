package dev.juliapod.plan;

import dev.juliapod.api.Policy;
import dev.juliapod.julia.BakedPackage;
import dev.juliapod.julia.JuliaReleases;
import dev.juliapod.julia.JuliaVersion;
import dev.juliapod.julia.Manifest;
import dev.juliapod.julia.PackageEntry;
import dev.juliapod.julia.StripResult;
import java.util.List;

/**
 * Most projects pin nothing. A sysimage of nothing, or only of standard libraries the default
 * sysimage already holds, costs a build of many minutes and gains nothing, and PackageCompiler's
 * create_sysimage has no method for an empty untyped list (PackageCompiler.jl
 * src/PackageCompiler.jl, `packages::Union{Nothing, Symbol, Vector{String}, Vector{Symbol}}`). Such
 * a JuliaPod runs on the base image; standard libraries that are not in the default sysimage of its
 * Julia are still worth baking.
 */
final class NothingToBake {
  private NothingToBake() {}

  /** Why nothing is built, for status and the command line; null when there is a build. */
  static String reason(
      Policy policy, StripResult strip, Manifest manifest, JuliaVersion version, String image) {
    if (policy == Policy.None) {
      return null; // an image with the environment precompiled, asked for by name
    }
    for (BakedPackage baked : strip.baked()) {
      PackageEntry entry = manifest.entry(baked.uuid());
      if (entry == null
          || !entry.isStdlib()
          || !JuliaReleases.inDefaultSysimage(baked.name(), version)) {
        return null;
      }
    }
    List<String> stdlibs = strip.baked().stream().map(BakedPackage::name).toList();
    String what =
        stdlibs.isEmpty()
            ? "nothing"
            : "only "
                + String.join(", ", stdlibs)
                + ", already in Julia "
                + version.minorString()
                + "'s default sysimage";
    return "policy "
        + policy
        + " bakes "
        + what
        + ", so no sysimage is built (the stripped"
        + " packages say why each package is left out): the session runs on "
        + image
        + " and loads every package from the"
        + " workspace depot. To bake packages, pin them in the project (e.g. ]pin DataFrames,"
        + " or Pkg.pin(\"DataFrames\")) or set spec.sysimage.policy: Registered to bake every"
        + " registered dependency";
  }
}
