package dev.juliapod.operator;

import dev.juliapod.plan.DepotCacheSettings;
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
   * @param claimModes the claim's access modes: what the volume allows, whatever the flag says now
   *     (a claim's access modes cannot be changed)
   * @param blockedBefore whether a build that mounted it could not get the volume: a claim that is
   *     still not Bound then will not be. A Pending claim alone says nothing: with a
   *     WaitForFirstConsumer class (kind's `standard`) it binds when the first pod using it is
   *     scheduled.
   * @param holders the other builds running with the cache now
   * @return null when the operator has no cache
   */
  static DepotCacheUse decide(
      DepotCacheSettings settings,
      String claim,
      String claimPhase,
      List<String> claimModes,
      boolean blockedBefore,
      List<String> holders) {
    if (!settings.enabled()) {
      return null;
    }
    boolean bound = "Bound".equals(claimPhase);
    if ("Lost".equals(claimPhase) || (!bound && blockedBefore)) {
      return new DepotCacheUse(
          false,
          UNAVAILABLE,
          "the cache claim "
              + claim
              + " is "
              + (claimPhase == null ? "not bound" : claimPhase)
              + (bound ? "" : " and a build that mounted it could not get the volume")
              + ": building without it (kubectl describe pvc "
              + claim
              + " says why)");
    }
    boolean shared =
        claimModes.isEmpty()
            ? settings.sharedAtOnce()
            : claimModes.contains(DepotCacheSettings.READ_WRITE_MANY);
    if (!shared && !holders.isEmpty()) {
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
              + ": building without it"
              + (settings.sharedAtOnce()
                  ? " (the claim was made ReadWriteOnce; access modes cannot change: delete it"
                      + " for a ReadWriteMany one)"
                  : ""));
    }
    return new DepotCacheUse(true, MOUNTED, "the build mounts the cache " + claim);
  }

  /**
   * What the condition says of the Job followed: the decision, unless an earlier pass made the Job
   * (a 409) and decided otherwise then.
   */
  DepotCacheUse of(boolean jobMounts) {
    if (jobMounts == mount) {
      return this;
    }
    return jobMounts
        ? new DepotCacheUse(
            true, MOUNTED, "the build, started by an earlier pass, mounts the cache")
        : new DepotCacheUse(
            false, UNAVAILABLE, "the build, started by an earlier pass, runs without the cache");
  }
}
