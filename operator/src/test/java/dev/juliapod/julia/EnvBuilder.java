package dev.juliapod.julia;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes small Project.toml / Manifest.toml pairs the way Pkg lays them out. */
final class EnvBuilder {
  final class Pkg {
    final String name;
    String uuid;
    final List<String> deps = new ArrayList<>();
    final Map<String, String> tableDeps = new LinkedHashMap<>();
    final List<String> weakdeps = new ArrayList<>();
    final List<String> extraLines = new ArrayList<>();
    boolean pinned;
    boolean stdlib;
    String path;
    String repoUrl;
    String version = "1.0.0";

    Pkg(String name) {
      this.name = name;
      this.uuid = EnvBuilder.uuid(name);
    }

    Pkg deps(String... names) {
      deps.addAll(List.of(names));
      return this;
    }

    /** A dependency written as `Name = "uuid"` under `[deps.X.deps]`. */
    Pkg dep(String name, String uuid) {
      tableDeps.put(name, uuid);
      return this;
    }

    Pkg weakdeps(String... names) {
      weakdeps.addAll(List.of(names));
      return this;
    }

    Pkg pinned() {
      pinned = true;
      return this;
    }

    Pkg uuid(String value) {
      uuid = value;
      return this;
    }

    Pkg version(String value) {
      version = value;
      return this;
    }

    Pkg path(String value) {
      path = value;
      return this;
    }

    Pkg repo(String url) {
      repoUrl = url;
      return this;
    }

    Pkg line(String line) {
      extraLines.add(line);
      return this;
    }

    EnvBuilder direct() {
      direct.add(this);
      return EnvBuilder.this;
    }

    EnvBuilder and() {
      return EnvBuilder.this;
    }
  }

  final List<Pkg> pkgs = new ArrayList<>();
  final List<Pkg> direct = new ArrayList<>();
  final List<String> projectLines = new ArrayList<>();
  final List<String> projectHeader = new ArrayList<>();
  String projectHash = "0123456789abcdef0123456789abcdef01234567";

  static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  Pkg pkg(String name) {
    Pkg pkg = new Pkg(name);
    pkgs.add(pkg);
    return pkg;
  }

  Pkg stdlib(String name) {
    Pkg pkg = pkg(name);
    pkg.stdlib = true;
    pkg.version = null;
    return pkg;
  }

  /** Project.toml lines before `[deps]` (name, uuid, version). */
  EnvBuilder header(String line) {
    projectHeader.add(line);
    return this;
  }

  /** Extra Project.toml text after `[deps]` ([compat], [extras], ...). */
  EnvBuilder project(String text) {
    projectLines.add(text);
    return this;
  }

  String projectToml() {
    StringBuilder out = new StringBuilder();
    projectHeader.forEach(line -> out.append(line).append('\n'));
    out.append(projectHeader.isEmpty() ? "" : "\n").append("[deps]\n");
    direct.stream()
        .sorted((a, b) -> a.name.compareTo(b.name))
        .forEach(p -> out.append(p.name).append(" = \"").append(p.uuid).append("\"\n"));
    projectLines.forEach(text -> out.append('\n').append(text).append('\n'));
    return out.toString();
  }

  String manifestV2() {
    StringBuilder out =
        new StringBuilder(
            "# This file is machine-generated - editing it directly is not advised\n\n"
                + "julia_version = \"1.10.5\"\nmanifest_format = \"2.0\"\n");
    if (projectHash != null) {
      out.append("project_hash = \"").append(projectHash).append("\"\n");
    }
    for (Pkg p : sorted()) {
      out.append("\n[[deps.").append(p.name).append("]]\n");
      entryBody(p, out, "deps." + p.name);
    }
    return out.toString();
  }

  String manifestV1() {
    StringBuilder out =
        new StringBuilder(
            "# This file is machine-generated - editing it directly is not advised\n");
    for (Pkg p : sorted()) {
      out.append("\n[[").append(p.name).append("]]\n");
      entryBody(p, out, p.name);
    }
    return out.toString();
  }

  private List<Pkg> sorted() {
    List<Pkg> sorted = new ArrayList<>(pkgs);
    sorted.sort((a, b) -> a.name.compareTo(b.name));
    return sorted;
  }

  private static void entryBody(Pkg p, StringBuilder out, String header) {
    if (!p.deps.isEmpty()) {
      out.append("deps = [").append(quoted(p.deps)).append("]\n");
    }
    if (!p.stdlib && p.path == null && p.repoUrl == null) {
      out.append("git-tree-sha1 = \"").append(treeHash(p)).append("\"\n");
    }
    if (p.path != null) {
      out.append("path = \"").append(p.path).append("\"\n");
    }
    if (p.pinned) {
      out.append("pinned = true\n");
    }
    if (p.repoUrl != null) {
      out.append("repo-rev = \"main\"\nrepo-url = \"").append(p.repoUrl).append("\"\n");
    }
    out.append("uuid = \"").append(p.uuid).append("\"\n");
    if (p.version != null) {
      out.append("version = \"").append(p.version).append("\"\n");
    }
    if (!p.weakdeps.isEmpty()) {
      out.append("weakdeps = [").append(quoted(p.weakdeps)).append("]\n");
    }
    p.extraLines.forEach(line -> out.append(line).append('\n'));
    if (!p.tableDeps.isEmpty()) {
      out.append("\n    [").append(header).append(".deps]\n");
      p.tableDeps.forEach(
          (name, uuid) ->
              out.append("    ").append(name).append(" = \"").append(uuid).append("\"\n"));
    }
  }

  private static String treeHash(Pkg p) {
    String seed = Integer.toHexString((p.name + p.version).hashCode());
    return (seed + "0".repeat(40)).substring(0, 40);
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
  }

  JuliaEnvironment env() throws InvalidEnvironmentException {
    return JuliaEnvironment.parse(projectToml(), "Project.toml", manifestV2(), "Manifest.toml");
  }

  JuliaEnvironment envV1() throws InvalidEnvironmentException {
    return JuliaEnvironment.parse(projectToml(), "Project.toml", manifestV1(), "Manifest.toml");
  }
}
