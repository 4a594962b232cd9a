package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each JuliaSysimage has gone without a user (docs/design.md, "Sharing"). In memory, not
 * in status: becoming unused and used again happen with JuliaPods coming and going, and a write
 * each time would bring back the contention on the shared object that deriving its users removed.
 * After a restart every unused sysimage waits the whole retention again, which only keeps it
 * longer.
 */
final class SysimageRetention {
  private final SysimageUsers users;
  private final Clock clock;
  private final Map<String, Instant> unusedSince = new ConcurrentHashMap<>();

  SysimageRetention(SysimageUsers users, Clock clock) {
    this.users = users;
    this.clock = clock;
  }

  /**
   * How long the sysimage has had no user; null while it has one, or while the JuliaPods are not
   * listed yet (after a start, everything would look unused).
   */
  Duration unusedFor(JuliaSysimage sysimage) {
    String uid = sysimage.getMetadata().getUid();
    if (!users.known() || !users.of(ResourceID.fromResource(sysimage)).isEmpty()) {
      unusedSince.remove(uid);
      return null;
    }
    Instant now = clock.instant();
    return Duration.between(unusedSince.computeIfAbsent(uid, k -> now), now);
  }

  void removed(JuliaSysimage sysimage) {
    unusedSince.remove(sysimage.getMetadata().getUid());
  }
}
