package dev.juliapod.operator;

import java.time.Clock;
import java.time.Duration;

/**
 * Every clock and interval the controllers act on, in one place so tests set them instead of
 * waiting out real minutes (docs/design.md, "Time"). None of these is part of a plan or of an
 * image's content hash.
 *
 * @param clock what "now" is for status times, settle deadlines and patience
 * @param editSettle how long a plan made by an edit waits for the next edit before it builds (a
 *     burst of `kubectl apply`s builds the last, not each)
 * @param registryRecheck how soon after a look at the registry a new user of a built sysimage makes
 *     the operator look again (users arriving within it are served by that look)
 * @param secretRecheck how often a missing or unusable push Secret is looked for again
 * @param buildPodPatience how long a build Job may go without a pod before the operator reports why
 *     (its FailedCreate events)
 * @param refusedRecheck how long after the API server refused a write (400, 403, 413, 422) the
 *     operator tries once more, in case RBAC or admission changed meanwhile
 * @param podSettle how long a pass that created the session pod leaves status unwritten, for the
 *     pod's first change to bring a pass that says what it is doing
 * @param sysimageRetention how long a JuliaSysimage nobody uses is kept before the operator removes
 *     it (with its Job and build context), so that deleting and creating a JuliaPod again, or an
 *     edit undone, finds it instead of building again (docs/design.md, "Sharing")
 * @param activityInterval how often each session with idle culling on is asked for its activity
 *     (docs/design.md, "Idle culling")
 */
public record Timings(
    Clock clock,
    Duration editSettle,
    Duration registryRecheck,
    Duration secretRecheck,
    Duration buildPodPatience,
    Duration refusedRecheck,
    Duration podSettle,
    Duration sysimageRetention,
    Duration activityInterval) {

  /** What the operator runs with unless its flags say otherwise. */
  public static Timings standard() {
    return new Timings(
        Clock.systemUTC(),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofSeconds(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(1));
  }

  public Timings withClock(Clock value) {
    return new Timings(
        value,
        editSettle,
        registryRecheck,
        secretRecheck,
        buildPodPatience,
        refusedRecheck,
        podSettle,
        sysimageRetention,
        activityInterval);
  }

  public Timings withRegistryRecheck(Duration value) {
    return new Timings(
        clock,
        editSettle,
        value,
        secretRecheck,
        buildPodPatience,
        refusedRecheck,
        podSettle,
        sysimageRetention,
        activityInterval);
  }

  public Timings withSecretRecheck(Duration value) {
    return new Timings(
        clock,
        editSettle,
        registryRecheck,
        value,
        buildPodPatience,
        refusedRecheck,
        podSettle,
        sysimageRetention,
        activityInterval);
  }

  /**
   * @param value null keeps the current patience
   */
  public Timings withBuildPodPatience(Duration value) {
    return value == null
        ? this
        : new Timings(
            clock,
            editSettle,
            registryRecheck,
            secretRecheck,
            value,
            refusedRecheck,
            podSettle,
            sysimageRetention,
            activityInterval);
  }

  public Timings withEditSettle(Duration value) {
    return new Timings(
        clock,
        value,
        registryRecheck,
        secretRecheck,
        buildPodPatience,
        refusedRecheck,
        podSettle,
        sysimageRetention,
        activityInterval);
  }

  /**
   * @param value null keeps the current retention
   */
  public Timings withSysimageRetention(Duration value) {
    return value == null
        ? this
        : new Timings(
            clock,
            editSettle,
            registryRecheck,
            secretRecheck,
            buildPodPatience,
            refusedRecheck,
            podSettle,
            value,
            activityInterval);
  }

  /**
   * @param value null keeps the current interval
   */
  public Timings withActivityInterval(Duration value) {
    return value == null
        ? this
        : new Timings(
            clock,
            editSettle,
            registryRecheck,
            secretRecheck,
            buildPodPatience,
            refusedRecheck,
            podSettle,
            sysimageRetention,
            value);
  }
}
