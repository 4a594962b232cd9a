package dev.juliapod.client;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * What a user sees while a JuliaPod gets ready. On a terminal: one line, rewritten in place with a
 * spinner; otherwise (CI, a pipe, a file): one plain line per change, nothing else.
 */
public final class Progress {
  private static final String SPINNER = "|/-\\";
  private final PrintWriter out;
  private final boolean terminal;
  private String phase;
  private String message;
  private int tick;
  private boolean lineOpen;

  public Progress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A phase or message change prints; the same state again only turns the spinner. */
  public void state(String phase, String message) {
    boolean changed = !Objects.equals(phase, this.phase) || !Objects.equals(message, this.message);
    this.phase = phase;
    this.message = message;
    String text = phase + (message == null || message.isBlank() ? "" : ": " + message);
    if (terminal) {
      char spin = SPINNER.charAt(tick++ % SPINNER.length());
      out.print("\r\033[K" + spin + " " + text);
      lineOpen = true;
    } else if (changed) {
      out.println(text);
    }
    out.flush();
  }

  /** A line of the build log, above the progress line. */
  public void log(String line) {
    closeLine();
    out.println("  | " + line);
    out.flush();
  }

  public void closeLine() {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
  }
}
