package dev.juliapod.api;

/**
 * The phases both kinds report in {@code status.phase}, for people and `kubectl get`; tools read
 * the conditions instead (docs/design.md, "Status"). A JuliaSysimage is Pending, Building, Ready or
 * Failed; a JuliaPod also Starting, Suspended and Idle.
 */
public enum Phase {
  PENDING("Pending"),
  BUILDING("Building"),
  STARTING("Starting"),
  READY("Ready"),
  SUSPENDED("Suspended"),
  IDLE("Idle"),
  FAILED("Failed");

  private final String text;

  Phase(String text) {
    this.text = text;
  }

  /** As written in status.phase. */
  public String text() {
    return text;
  }

  /** Whether a status.phase, as read, is this phase. */
  public boolean is(String phase) {
    return text.equals(phase);
  }

  /** The phase a status.phase names, or {@code otherwise} when it names none. */
  public static Phase of(String phase, Phase otherwise) {
    for (Phase p : values()) {
      if (p.is(phase)) {
        return p;
      }
    }
    return otherwise;
  }

  @Override
  public String toString() {
    return text;
  }
}
