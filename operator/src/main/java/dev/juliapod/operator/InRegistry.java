package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.registry.Lookup;
import java.time.Instant;

/** A JuliaSysimage's InRegistry condition: what the registry said about its image, and when. */
final class InRegistry {
  static final String TYPE = "InRegistry";
  static final String FOUND = "Found";
  static final String PUSHED = "Pushed";

  private InRegistry() {}

  /**
   * InRegistry after a build pushed the image: True, and what the registry said before the build
   * (why it was built) kept in the message.
   */
  static void pushed(
      JuliaSysimageStatus status, long generation, String tagRef, String digest, Instant now) {
    String asked =
        status.conditions.stream()
            .filter(c -> TYPE.equals(c.getType()) && !"True".equals(c.getStatus()))
            .map(c -> "; before the build: " + c.getReason() + ", " + c.getMessage())
            .findFirst()
            .orElse("");
    StatusConditions.set(
        status,
        TYPE,
        "True",
        PUSHED,
        tagRef + " is " + digest + ", pushed by the build" + asked,
        generation,
        now);
  }

  /** Whether the image was found or pushed, so a look that finds it again changes nothing. */
  static boolean known(JuliaSysimageStatus status) {
    return status.conditions.stream()
        .anyMatch(c -> TYPE.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * The InRegistry condition: True found, False not there, Unknown no usable answer.
   *
   * @param recorded true when asking about an image already recorded (kept when the registry cannot
   *     answer), false before a build (which then goes ahead)
   */
  static void set(
      JuliaSysimageStatus status,
      long generation,
      Lookup answer,
      String what,
      boolean recorded,
      Instant now) {
    if (answer instanceof Lookup.Found found) {
      StatusConditions.set(
          status, TYPE, "True", FOUND, what + " is " + found.digest(), generation, now);
    } else if (answer instanceof Lookup.Unknown unknown) {
      StatusConditions.set(
          status,
          TYPE,
          "Unknown",
          "RegistryUnavailable",
          "could not ask the registry about "
              + what
              + ": "
              + unknown.reason()
              + (recorded
                  ? "; keeping the recorded image"
                  : "; building rather than assuming it is there"),
          generation,
          now);
    } else {
      StatusConditions.set(
          status, TYPE, "False", "NotFound", what + " is not in the registry", generation, now);
    }
  }
}
