package dev.juliapod.julia;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A Project.toml and the Manifest.toml resolved for it, checked to belong together. */
public record JuliaEnvironment(Project project, Manifest manifest) {
  /** Parses both files' text; the names are used in messages only. */
  public static JuliaEnvironment parse(
      String projectText, String projectFile, String manifestText, String manifestFile)
      throws InvalidEnvironmentException {
    Project project = ProjectReader.read(projectText, projectFile);
    Manifest manifest = ManifestReader.read(manifestText, manifestFile);
    checkMatches(project, manifest);
    return new JuliaEnvironment(project, manifest);
  }

  /** Reads a project folder, choosing file names the way Julia's loader does. */
  public static JuliaEnvironment load(Path dir) throws InvalidEnvironmentException {
    return load(EnvironmentFiles.find(dir, null));
  }

  /** Reads the files {@link EnvironmentFiles#find} chose. */
  public static JuliaEnvironment load(EnvironmentFiles files) throws InvalidEnvironmentException {
    return parse(
        read(files.project()),
        files.project().toString(),
        read(files.manifest()),
        files.manifest().toString());
  }

  private static String read(Path file) throws InvalidEnvironmentException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new InvalidEnvironmentException(
          file.toString(), "not UTF-8 text; TOML files are UTF-8");
    } catch (IOException e) {
      throw new InvalidEnvironmentException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  private static void checkMatches(Project project, Manifest manifest)
      throws InvalidEnvironmentException {
    for (Map.Entry<String, String> dep : project.deps().entrySet()) {
      PackageEntry entry = manifest.entry(dep.getValue());
      int line = project.depLines().get(dep.getKey());
      if (entry == null) {
        throw new InvalidEnvironmentException(
            project.file(),
            line,
            "dependency "
                + dep.getKey()
                + " ("
                + dep.getValue()
                + ") has no entry in "
                + manifest.file()
                + "; the Manifest does not match the Project: run"
                + " Pkg.resolve() and keep both files");
      }
      if (!entry.name().equals(dep.getKey())) {
        throw new InvalidEnvironmentException(
            project.file(),
            line,
            "dependency "
                + dep.getKey()
                + " has uuid "
                + dep.getValue()
                + ", which "
                + manifest.file()
                + ":"
                + entry.line()
                + " names "
                + entry.name()
                + "; the Manifest does not match the Project: run Pkg.resolve()");
      }
    }
  }
}
