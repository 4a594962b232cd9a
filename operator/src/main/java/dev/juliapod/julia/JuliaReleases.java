package dev.juliapod.julia;

import java.util.List;
import java.util.Set;

/**
 * What differs between Julia releases where juliapod has to know it before any Julia runs: the
 * environment file names the loader looks for, the standard libraries already compiled into the
 * default sysimage, the CPU targets the official binaries are built for, and the PackageCompiler
 * release that supports the version. Each fact cites where it comes from (docs/design.md, "Julia
 * releases").
 */
public final class JuliaReleases {
  /** Julia's loader reads these, in this order (base/loading.jl, `project_names`). */
  public static final List<String> PROJECT_NAMES = List.of("JuliaProject.toml", "Project.toml");

  /**
   * Stdlibs in Julia 1.10's default sysimage, as PackageCompiler lists them for 1.10
   * (PackageCompiler.jl v2.4.0 src/PackageCompiler.jl, default_sysimage_stdlibs, the `VERSION <
   * v"1.11"` branch).
   */
  private static final Set<String> SYSIMAGE_1_10 =
      Set.of(
          "ArgTools",
          "Artifacts",
          "Base64",
          "CRC32c",
          "Dates",
          "Downloads",
          "FileWatching",
          "Future",
          "InteractiveUtils",
          "LibCURL",
          "LibCURL_jll",
          "LibGit2",
          "LibGit2_jll",
          "LibSSH2_jll",
          "Libdl",
          "LinearAlgebra",
          "Logging",
          "Markdown",
          "MbedTLS_jll",
          "Mmap",
          "MozillaCACerts_jll",
          "NetworkOptions",
          "OpenBLAS_jll",
          "Pkg",
          "Printf",
          "REPL",
          "Random",
          "SHA",
          "Serialization",
          "Sockets",
          "TOML",
          "Tar",
          "UUIDs",
          "Unicode",
          "libblastrampoline_jll",
          "nghttp2_jll",
          "p7zip_jll");

  /**
   * From 1.11 on, Julia's own build puts only these in the sysimage (julia stdlib/stdlib.mk,
   * STDLIBS_WITHIN_SYSIMG, the same at v1.11.7 and v1.12.5; Pkg left it with julia #51189).
   */
  private static final Set<String> SYSIMAGE_1_11 =
      Set.of(
          "Artifacts",
          "FileWatching",
          "Libdl",
          "SHA",
          "libblastrampoline_jll",
          "OpenBLAS_jll",
          "Random",
          "LinearAlgebra",
          "Sockets");

  private JuliaReleases() {}

  /**
   * The Manifest names Julia's loader tries, in order (base/loading.jl, `manifest_names`). The
   * versioned names came with 1.11.0 (julia NEWS.md, #43845) and were backported to 1.10.8 (julia
   * #56600, #56653; Pkg docs/src/toml-files.md).
   */
  public static List<String> manifestNames(JuliaVersion version) {
    boolean versioned =
        version.atLeast(1, 11, 0)
            || (version.major() == 1 && version.minor() == 10 && version.patch() >= 8);
    if (!versioned) {
      return List.of("JuliaManifest.toml", "Manifest.toml");
    }
    String v = version.minorString();
    return List.of(
        "JuliaManifest-v" + v + ".toml",
        "Manifest-v" + v + ".toml",
        "JuliaManifest.toml",
        "Manifest.toml");
  }

  /**
   * Whether a standard library is already compiled into this version's default sysimage, so that
   * baking it gains nothing. Unknown for releases before 1.10, which are answered with false: a
   * build is made rather than skipped on a guess.
   */
  public static boolean inDefaultSysimage(String stdlib, JuliaVersion version) {
    if (version.major() != 1 || version.minor() < 10) {
      return false;
    }
    return (version.minor() == 10 ? SYSIMAGE_1_10 : SYSIMAGE_1_11).contains(stdlib);
  }

  /**
   * The CPU targets of the official binaries, so a sysimage runs on every node the official julia
   * image runs on (JuliaCI/julia-buildkite utilities/build_envs.sh, JULIA_CPU_TARGETS). The
   * x86-64-v4 and the newer aarch64 entries date from 2024 (julia-buildkite #341), when 1.11 was
   * being released; older releases get the targets they were built with, which PackageCompiler also
   * uses for apps (src/PackageCompiler.jl, default_app_cpu_target).
   *
   * @param arch a Kubernetes architecture: amd64 or arm64
   */
  public static String cpuTarget(String arch, JuliaVersion version) {
    boolean recent = version.atLeast(1, 11, 0);
    return switch (arch) {
      case "amd64" ->
          "generic;sandybridge,-xsaveopt,clone_all;haswell,-rdrnd,base(1)"
              + (recent ? ";x86-64-v4,-rdrnd,base(1)" : "");
      case "arm64" ->
          recent
              ? "generic;cortex-a57;thunderx2t99;carmel,clone_all;apple-m1,base(3);"
                  + "neoverse-512tvb,base(3)"
              : "generic;cortex-a57;thunderx2t99;carmel";
      default -> throw new IllegalArgumentException("no CPU target for architecture " + arch);
    };
  }

  /**
   * The PackageCompiler release builds use: 2.4.0 needs Julia 1.10 (its Project.toml, `[compat]
   * julia = "1.10"`); 2.1.24 is the last for 1.6 to 1.9. Null before 1.6.
   */
  public static String packageCompiler(JuliaVersion version) {
    if (version.atLeast(1, 10, 0)) {
      return "2.4.0";
    }
    return version.atLeast(1, 6, 0) ? "2.1.24" : null;
  }
}
