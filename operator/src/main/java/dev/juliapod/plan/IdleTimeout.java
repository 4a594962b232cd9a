package dev.juliapod.plan;

import dev.juliapod.api.SessionSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * spec.session.idleTimeout and the operator's --idle-timeout: durations as Kubernetes tools write
 * them (Go's time.ParseDuration units h, m, s, ms, e.g. 45m or 1h30m, as Flux's intervals and
 * kubectl's --timeout), "0" for never. The operator's flag also takes ISO-8601 (PT45M), as its
 * other durations do (docs/design.md, "Idle culling").
 */
public final class IdleTimeout {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private IdleTimeout() {}

  /** The session's timeout, or empty when it is never culled (unset or zero). */
  public static Optional<Duration> of(SessionSpec session) {
    if (session == null || session.idleTimeout == null) {
      return Optional.empty();
    }
    Duration parsed = parse(session.idleTimeout);
    return parsed == null || parsed.isZero() ? Optional.empty() : Optional.of(parsed);
  }

  /** Whether the session's pod carries the activity listener: culling is on for it. */
  public static boolean on(SessionSpec session) {
    return of(session).isPresent();
  }

  /**
   * @return the duration, or null when {@code text} is not one (negative durations are not)
   */
  public static Duration parse(String text) {
    String given = text.strip();
    if (given.equals("0")) {
      return Duration.ZERO;
    }
    if (given.startsWith("P") || given.startsWith("p")) {
      try {
        Duration iso = Duration.parse(given);
        return iso.isNegative() ? null : iso;
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }
    Matcher part = PART.matcher(given);
    BigDecimal millis = BigDecimal.ZERO;
    int at = 0;
    while (at < given.length() && part.find(at) && part.start() == at) {
      BigDecimal unit =
          switch (part.group(2)) {
            case "h" -> BigDecimal.valueOf(3_600_000);
            case "m" -> BigDecimal.valueOf(60_000);
            case "s" -> BigDecimal.valueOf(1_000);
            default -> BigDecimal.ONE;
          };
      millis = millis.add(new BigDecimal(part.group(1)).multiply(unit));
      at = part.end();
    }
    if (at == 0 || at != given.length()) {
      return null;
    }
    try {
      // Whole milliseconds, the clock's grain; a positive duration never rounds to 0 (never).
      long whole = millis.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
      return Duration.ofMillis(millis.signum() > 0 ? Math.max(whole, 1) : whole);
    } catch (ArithmeticException e) {
      return null; // past what a long holds: no duration anyone means
    }
  }

  /** Checked before anything is planned, so a bad value is a clear input error. */
  static void check(SessionSpec session) throws PlanException {
    if (session.idleTimeout != null && !spec(session.idleTimeout)) {
      throw new PlanException(
          "spec.session.idleTimeout \""
              + session.idleTimeout
              + "\" is not a duration: write e.g. 30s, 45m, 2h or 1h30m (not ISO-8601), or 0 to"
              + " never stop the session");
    }
  }

  /**
   * Whether {@code text} is a spec.session.idleTimeout the CRD takes: as Kubernetes tools write
   * durations, not ISO-8601 (the operator's flags take both).
   */
  public static boolean spec(String text) {
    String given = text.strip();
    return !given.isEmpty() && Character.isDigit(given.charAt(0)) && parse(given) != null;
  }

  /** For status and events: 45m, 2h, 1h30m, 30s. */
  public static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      out.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 > 0 || out.length() == 0) {
      out.append(seconds % 60).append('s');
    }
    return out.toString();
  }
}
