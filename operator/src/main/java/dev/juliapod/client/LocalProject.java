package dev.juliapod.client;

import dev.juliapod.julia.EnvironmentFiles;
import dev.juliapod.julia.InvalidEnvironmentException;
import dev.juliapod.julia.JuliaEnvironment;
import dev.juliapod.julia.JuliaVersion;
import java.nio.file.Path;
import org.tomlj.Toml;

/**
 * A project folder on the user's machine, read and checked the way the operator will read it, with
 * the files Julia itself would pick ({@link EnvironmentFiles}).
 *
 * @param juliaVersion the Julia the Manifest was resolved with, or null (format 1 Manifests)
 * @param manifestFile the Manifest's file name, e.g. Manifest-v1.11.toml
 */
public record LocalProject(
    Path dir, JuliaEnvironment environment, String name, String juliaVersion, String manifestFile) {

  public static LocalProject load(Path dir) throws InvalidEnvironmentException {
    return load(dir, null);
  }

  /**
   * @param target the Julia version the project is for (--julia-version, the JuliaPod's), or null
   *     to go by the folder's newest versioned Manifest, if any
   */
  public static LocalProject load(Path dir, String target) throws InvalidEnvironmentException {
    Path folder = dir.toAbsolutePath().normalize();
    JuliaVersion version = null;
    if (target != null) {
      try {
        version = JuliaVersion.parse(target);
      } catch (IllegalArgumentException e) {
        throw new InvalidEnvironmentException(
            folder.toString(), "--julia-version " + e.getMessage());
      }
    }
    EnvironmentFiles files = EnvironmentFiles.find(folder, version);
    JuliaEnvironment env = JuliaEnvironment.load(files);
    String name =
        env.project().name() != null
            ? env.project().name()
            : folder.getFileName() == null ? "julia" : folder.getFileName().toString();
    String resolvedWith = Toml.parse(env.manifest().text()).getString("julia_version");
    return new LocalProject(
        folder, env, name, resolvedWith, files.manifest().getFileName().toString());
  }

  public String projectToml() {
    return environment.project().text();
  }

  public String manifestToml() {
    return environment.manifest().text();
  }
}
