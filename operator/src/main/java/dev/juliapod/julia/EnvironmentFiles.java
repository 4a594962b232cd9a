package dev.juliapod.julia;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;

/**
 * Which files of a project folder Julia reads, chosen by Julia's own rules (base/loading.jl): the
 * first of {@link JuliaReleases#PROJECT_NAMES}; then the Manifest the Project names with its
 * `manifest` key, when that file exists (project_file_manifest_path, relative to the project folder
 * as Pkg resolves it since v1.9, src/project.jl); else the first of {@link
 * JuliaReleases#manifestNames} for the target version.
 *
 * @param project the Project file
 * @param manifest the Manifest file
 * @param version the Julia version the choice was made for: the target, or when none was given the
 *     one a versioned Manifest name says (null when nothing says)
 */
public record EnvironmentFiles(Path project, Path manifest, JuliaVersion version) {
  private static final Pattern VERSIONED =
      Pattern.compile("(?:Julia)?Manifest-v(\\d+)\\.(\\d+)\\.toml");

  /**
   * @param target the Julia that will read the folder, or null when not known yet: then the newest
   *     versioned Manifest is taken if there is one, since a folder keeps those for the Julia
   *     versions it is used with, else the unversioned names
   */
  public static EnvironmentFiles find(Path dir, JuliaVersion target)
      throws InvalidEnvironmentException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidEnvironmentException(
          dir.toString(),
          "no such folder; give the folder that holds Project.toml and Manifest.toml");
    }
    Path project = first(dir, JuliaReleases.PROJECT_NAMES);
    if (project == null) {
      throw new InvalidEnvironmentException(
          dir.resolve("Project.toml").toString(),
          "file not found; a Julia project needs a Project.toml");
    }
    Path named = named(dir, project);
    if (named != null) {
      return new EnvironmentFiles(project, named, target);
    }
    JuliaVersion version = target != null ? target : newestVersioned(dir);
    List<String> names =
        version != null
            ? JuliaReleases.manifestNames(version)
            : List.of("JuliaManifest.toml", "Manifest.toml");
    Path manifest = first(dir, names);
    if (manifest == null) {
      throw new InvalidEnvironmentException(
          dir.resolve("Manifest.toml").toString(),
          "file not found"
              + (version == null
                  ? ""
                  : " (Julia "
                      + version.minorString()
                      + " reads the first of "
                      + String.join(", ", names)
                      + ")")
              + "; run `julia --project="
              + dir
              + " -e 'using Pkg; Pkg.instantiate()'` to write one");
    }
    return new EnvironmentFiles(project, manifest, version);
  }

  private static Path first(Path dir, List<String> names) {
    return names.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst().orElse(null);
  }

  /** The `manifest = "..."` of the Project, when it names a file that exists. */
  private static Path named(Path dir, Path project) {
    try {
      Object value = Toml.parse(Files.readString(project)).get("manifest");
      if (value instanceof String path && !path.isBlank()) {
        Path file = dir.resolve(path).normalize();
        return Files.isRegularFile(file) ? file : null;
      }
    } catch (IOException | RuntimeException e) {
      // unreadable or not TOML: reading the Project properly reports it
    }
    return null;
  }

  private static JuliaVersion newestVersioned(Path dir) throws InvalidEnvironmentException {
    List<JuliaVersion> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*Manifest-v*.toml")) {
      for (Path file : files) {
        Matcher m = VERSIONED.matcher(file.getFileName().toString());
        if (m.matches() && Files.isRegularFile(file)) {
          found.add(JuliaVersion.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 0));
        }
      }
    } catch (IOException e) {
      throw new InvalidEnvironmentException(dir.toString(), "cannot list: " + e.getMessage());
    }
    return found.stream().max(Comparator.naturalOrder()).orElse(null);
  }
}
