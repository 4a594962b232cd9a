package dev.juliapod.julia;

/**
 * A Project.toml / Manifest.toml pair that cannot be planned: the input is wrong, not the engine.
 * The message names the file, the line where there is one, and what to do, so that the command line
 * can print it as is and the operator can put it in a resource's status.
 */
public final class InvalidEnvironmentException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String problem;

  public InvalidEnvironmentException(String file, int line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  public InvalidEnvironmentException(String file, String problem) {
    this(file, 0, problem);
  }

  /** The file as the user named it (a path, or a ConfigMap key). */
  public String file() {
    return file;
  }

  /** 1-based line, or 0 when the problem is not tied to one line. */
  public int line() {
    return line;
  }

  /** The problem without the file and line prefix. */
  public String problem() {
    return problem;
  }
}
