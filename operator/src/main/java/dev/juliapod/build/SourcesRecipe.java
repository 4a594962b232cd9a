package dev.juliapod.build;

import static dev.juliapod.build.BuildContext.DEPOT;

import dev.juliapod.api.JuliaRegistry;
import dev.juliapod.plan.PackageSources;
import dev.juliapod.plan.SysimagePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Dockerfile lines for where packages come from (docs/design.md, "Private packages"): Debian
 * packages, the git command and its environment, the package server, extra registries. None of them
 * holds a credential: those are a Secret mounted in the build pod (GitAccess), which Kaniko leaves
 * out of every snapshot, as it does every mount point (osscontainertools/kaniko
 * pkg/util/fs_util.go, DetectFilesystemIgnoreList reads /proc/self/mountinfo; InitIgnoreList). A
 * plan without these settings renders exactly the lines it did before they existed.
 */
final class SourcesRecipe {
  private SourcesRecipe() {}

  /** The build stage's system packages and environment. */
  static String buildStage(SysimagePlan plan) {
    PackageSources sources = plan.sources();
    StringBuilder out = new StringBuilder();
    List<String> packages = new ArrayList<>();
    if (plan.bakesSysimage()) {
      packages.add("g++");
    }
    packages.addAll(debian(sources));
    if (packages.equals(List.of("g++"))) {
      // PackageCompiler links the sysimage as C++ (src/PackageCompiler.jl,
      // create_sysimg_from_object_file: run_compiler(cmd; cplusplus=true)) and only warns
      // when it has to fall back to a C compiler.
      out.append("# PackageCompiler links the sysimage with a C++ compiler.\n")
          .append("RUN apt-get update \\\n")
          .append(" && apt-get install -y --no-install-recommends g++ \\\n")
          .append(" && rm -rf /var/lib/apt/lists/*\n");
    } else if (!packages.isEmpty()) {
      out.append(
              "# A C++ compiler for PackageCompiler, git for Pkg, and the JuliaPod's packages.\n")
          .append(apt(packages));
    }
    out.append(environment(sources));
    if (sources.needsGit()) {
      out.append("COPY git-credential.sh ").append(BuildContext.ROOT).append("/\n");
      out.append("# Pkg clones with the git command, which finds the mounted credentials.\n");
      out.append(env(GitAccess.env()));
    }
    return out.append(serverToken(plan)).toString();
  }

  /**
   * Links from the depots Pkg runs with to the mounted auth.toml, made before the first step that
   * asks the package server (GitAccess.serverDir says why a link); with no Secret, or one without
   * auth.toml, they lead nowhere and Pkg asks without a token.
   */
  static String serverToken(SysimagePlan plan) {
    String server = plan.sources().pkgServer();
    if (server == null) {
      return "";
    }
    List<String> dirs = new ArrayList<>();
    dirs.add(DEPOT + "/" + GitAccess.serverDir(server));
    if (plan.bakesSysimage()) {
      dirs.add(Recipe.TOOLS + "/depot/" + GitAccess.serverDir(server));
    }
    StringBuilder out =
        new StringBuilder("# The package server's token: a link to the mounted Secret.\n");
    out.append("RUN mkdir -p ").append(String.join(" ", dirs));
    for (String dir : dirs) {
      out.append(" \\\n && ln -sf ")
          .append(GitAccess.CREDENTIALS)
          .append("/auth.toml ")
          .append(dir)
          .append("/auth.toml");
    }
    return out.append('\n').toString();
  }

  /** What the image depot must not keep: the token links. */
  static String alsoRemoved(SysimagePlan plan) {
    return plan.sources().pkgServer() == null ? "" : " " + DEPOT + "/servers";
  }

  /** Registries besides General, into the image depot, before the project is installed. */
  static String registries(SysimagePlan plan) {
    List<JuliaRegistry> registries = plan.sources().registries();
    if (registries.isEmpty()) {
      return "";
    }
    // Pkg.Registry.add(url=...) is Julia 1.11's; RegistrySpec works on 1.10 as well (Pkg.jl
    // src/Registry/Registry.jl, add). General first: Pkg installs it by itself only into a depot
    // with no registry at all.
    StringBuilder code = new StringBuilder("using Pkg; Pkg.Registry.add(\"General\");");
    for (JuliaRegistry registry : registries) {
      code.append(" Pkg.Registry.add(Pkg.RegistrySpec(url=\"").append(registry.url).append("\"));");
    }
    return "RUN umask 0022 && JULIA_DEPOT_PATH=" + DEPOT + ": julia -e '" + code + "'\n";
  }

  /** The image stage: what sessions run with, besides what it copies from the build. */
  static String imageStage(SysimagePlan plan) {
    PackageSources sources = plan.sources();
    List<String> packages = debian(sources);
    StringBuilder out = new StringBuilder();
    if (!packages.isEmpty()) {
      String apt = apt(packages);
      if (sources.needsGit()) {
        // ssh stops at once for a user the passwd file does not know (openssh-portable ssh.c:
        // "No user exists for uid"), and the julia image has no user 1000, whom sessions run as.
        apt =
            apt.substring(0, apt.length() - 1)
                + " \\\n && (getent group 1000 >/dev/null || echo 'juliapod:x:1000:' >> /etc/group)"
                + " \\\n && (getent passwd 1000 >/dev/null"
                + " || echo 'juliapod:x:1000:1000::/workspace:/bin/sh' >> /etc/passwd)\n";
      }
      out.append("USER root\n").append(apt);
    }
    return out.append(environment(sources)).toString();
  }

  private static List<String> debian(PackageSources sources) {
    List<String> packages = new ArrayList<>();
    if (sources.needsGit()) {
      packages.addAll(GitAccess.PACKAGES);
    }
    sources.systemPackages().stream().filter(p -> !packages.contains(p)).forEach(packages::add);
    return packages;
  }

  /** One step, lists removed in it; names after `--`, validated as Debian package names. */
  private static String apt(List<String> packages) {
    return "RUN apt-get update \\\n"
        + " && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -- "
        + String.join(" ", packages)
        + " \\\n"
        + " && rm -rf /var/lib/apt/lists/*\n";
  }

  private static String environment(PackageSources sources) {
    return sources.pkgServer() == null ? "" : "ENV JULIA_PKG_SERVER=" + sources.pkgServer() + "\n";
  }

  private static String env(Map<String, String> values) {
    StringBuilder out = new StringBuilder("ENV");
    values.forEach(
        (k, v) ->
            out.append(out.length() > 3 ? " \\\n   " : "")
                .append(' ')
                .append(k)
                .append("=\"")
                .append(v)
                .append('"'));
    return out.append('\n').toString();
  }
}
