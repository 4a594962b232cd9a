package dev.juliapod.client;

import dev.juliapod.julia.Sha256;
import java.util.Locale;

/**
 * The JuliaPod name `juliapod repl` uses for a project: `<project>-<user>`, the same on every run
 * so a second run finds the first one's JuliaPod (and its workspace).
 */
public final class SessionName {
  /** The operator's limit: the longest derived object name, `<name>-workspace`, is 63. */
  public static final int MAX = 53;

  private SessionName() {}

  public static String derive(String project, String user) {
    String base = label(project) + "-" + label(user);
    base = base.replaceAll("^-+|-+$", "");
    if (base.isEmpty()) {
      base = "julia";
    }
    if (base.length() <= MAX) {
      return base;
    }
    // Cut, and keep the names of two long projects apart with a hash of the whole.
    String hash = Sha256.hex(project + "\n" + user).substring(0, 8);
    return base.substring(0, MAX - hash.length() - 1).replaceAll("-+$", "") + "-" + hash;
  }

  /** Lower case letters, digits and single dashes, as a DNS-1123 label needs. */
  static String label(String text) {
    String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
    return lower.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }
}
