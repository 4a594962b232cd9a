package dev.juliapod.client;

import dev.juliapod.julia.InvalidEnvironmentException;
import dev.juliapod.julia.JuliaEnvironment;
import java.nio.file.Path;
import org.tomlj.Toml;

/**
 * A project folder on the user's machine, read and checked the way the operator will read it.
 *
 * @param juliaVersion the Julia the Manifest was resolved with, or null (format 1 Manifests)
 */
public record LocalProject(Path dir, JuliaEnvironment environment, String name,
    String juliaVersion) {

  public static LocalProject load(Path dir) throws InvalidEnvironmentException {
    Path folder = dir.toAbsolutePath().normalize();
    JuliaEnvironment env = JuliaEnvironment.load(folder);
    String name = env.project().name() != null ? env.project().name()
        : folder.getFileName() == null ? "julia" : folder.getFileName().toString();
    String version = Toml.parse(env.manifest().text()).getString("julia_version");
    return new LocalProject(folder, env, name, version);
  }

  public String projectToml() {
    return environment.project().text();
  }

  public String manifestToml() {
    return environment.manifest().text();
  }
}
