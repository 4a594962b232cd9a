package dev.juliapod.operator;

import dev.juliapod.plan.DepotCacheSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a build mounts the depot cache, decided over what was observed (docs/design.md, "Depot
 * cache"), and the JuliaSysimage's DepotCache condition that says so. Not mounting is never a
 * failure: the build runs the same steps and makes the same image, only slower.
 *
 * @param mount whether the Job gets the volume
 */
record DepotCacheUse(boolean mount, String reason, String message) {
  static final String TYPE = "DepotCache";
  static final String MOUNTED = "Mounted";
  static final String BUSY = "CacheBusy";
  static final String UNAVAILABLE = "CacheUnavailable";

  /**
   * @param claimPhase the claim's status.phase; null when it has none yet
   * @param claimAge how long the claim has existed
   * @param patience how long a claim may stay Pending before builds stop waiting for it: with a
   *     WaitForFirstConsumer class it binds when the first build pod is scheduled, so a young
   *     Pending claim is normal, an old one is a class that cannot provision
   * @param holders the other builds running with the cache now
   * @return null when the operator has no cache
   */
  static DepotCacheUse decide(
      DepotCacheSettings settings,
      String claim,
      String claimPhase,
      Duration claimAge,
      Duration patience,
      List<String> holders) {
    if (!settings.enabled()) {
      return null;
    }
    if ("Lost".equals(claimPhase)
        || (!"Bound".equals(claimPhase) && claimAge.compareTo(patience) > 0)) {
      return new DepotCacheUse(
          false,
          UNAVAILABLE,
          "the cache claim "
              + claim
              + " is "
              + (claimPhase == null ? "not bound" : claimPhase)
              + " after "
              + claimAge.toSeconds()
              + "s: building without it (kubectl describe pvc "
              + claim
              + " says why)");
    }
    if (!settings.sharedAtOnce() && !holders.isEmpty()) {
      // A ReadWriteOnce volume attaches to one node: a second pod elsewhere would wait for the
      // first build to end (kube-controller-manager's attach-detach controller, Multi-Attach
      // error), so this build goes ahead without the cache instead of queueing behind it.
      return new DepotCacheUse(
          false,
          BUSY,
          "the ReadWriteOnce cache "
              + claim
              + " is in use by "
              + String.join(", ", holders)
              + ": building without it");
    }
    return new DepotCacheUse(true, MOUNTED, "the build mounts the cache " + claim);
  }

  static DepotCacheUse decide(
      DepotCacheSettings settings,
      String claim,
      String claimPhase,
      Instant created,
      Instant now,
      Duration patience,
      List<String> holders) {
    Duration age = created == null ? Duration.ZERO : Duration.between(created, now);
    return decide(settings, claim, claimPhase, age, patience, holders);
  }
}
