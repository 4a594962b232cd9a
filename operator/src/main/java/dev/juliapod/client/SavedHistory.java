package dev.juliapod.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a session's REPL history is kept on the user's machine: the XDG state directory, not the
 * project folder, because history can hold tokens and should not end up in git.
 */
public final class SavedHistory {
  private SavedHistory() {}

  public static Path path(Map<String, String> env, String namespace, String name) {
    String state = env.get("XDG_STATE_HOME");
    Path base =
        state != null && !state.isBlank()
            ? Path.of(state)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
    return base.resolve("juliapod").resolve(namespace).resolve(name).resolve("repl_history.jl");
  }
}
