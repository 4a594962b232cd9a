package dev.juliapod.cli;

import dev.juliapod.client.LocalProject;
import dev.juliapod.client.SessionName;
import dev.juliapod.julia.InvalidEnvironmentException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The project folder a session command (repl, sync) works on, and the JuliaPod name it gets: the
 * project's name and the user's, as julia_pod named its pods.
 */
record ProjectFolder(LocalProject project, String name) {

  /**
   * @param juliaVersion the Julia version to assume, or null for the Manifest's
   * @return null after saying on {@code err} why the folder holds no project juliapod can use
   */
  static ProjectFolder load(
      String command, Path dir, String juliaVersion, Context context, PrintWriter err) {
    LocalProject project;
    try {
      project = LocalProject.load(dir, juliaVersion);
    } catch (InvalidEnvironmentException e) {
      err.println("juliapod " + command + ": " + e.getMessage());
      return null;
    }
    return new ProjectFolder(project, SessionName.derive(project.name(), context.user()));
  }
}
