package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.plan.SysimagePlan;
import dev.juliapod.registry.Credentials;
import dev.juliapod.registry.DockerConfig;
import dev.juliapod.registry.ImageName;
import dev.juliapod.registry.Lookup;
import dev.juliapod.registry.RegistryClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Asks the registry about a sysimage's image: a JuliaSysimage is named by the content hash of its
 * inputs and its tag carries that hash, so an image pushed under that tag by any cluster or
 * namespace is exactly the one a build would make.
 */
final class RegistryCheck {
  /** Past this many sysimages the memory of checks starts over (each is checked once more). */
  private static final int REMEMBERED = 10_000;

  private final RegistryClient registry;

  /**
   * Per built sysimage (by namespace/name; the uid tells a sysimage made again under that name),
   * the users (JuliaPod uids) its image was known to exist for and when. In memory, not in status:
   * a look that finds the image changes nothing worth a write, and after a restart each built
   * sysimage is simply looked at once more when a user arrives.
   */
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  private record Checked(String uid, Set<String> users, Instant at) {}

  /** How soon after a look at the registry a new user makes the operator look again. */
  private final Duration interval;

  private final SysimageUsers users;

  RegistryCheck(RegistryClient registry, Duration interval, SysimageUsers users) {
    this.registry = registry;
    this.interval = interval;
    this.users = users;
  }

  /** Remembers that the image exists for the sysimage's current users. */
  void checked(JuliaSysimage sysimage, Instant now) {
    if (checked.size() > REMEMBERED) {
      checked.clear();
    }
    checked.put(
        SysimageUsers.key(ResourceID.fromResource(sysimage)),
        new Checked(sysimage.getMetadata().getUid(), users(sysimage), now));
  }

  /**
   * Null when every user was checked for; else how long until a look is due (zero: now). Users
   * arriving together (a team applying its JuliaPods) need one look, not one each.
   */
  Duration due(JuliaSysimage sysimage, Instant now) {
    Checked last = checked.get(SysimageUsers.key(ResourceID.fromResource(sysimage)));
    if (last != null && !last.uid().equals(sysimage.getMetadata().getUid())) {
      last = null;
    }
    if (last != null && last.users().containsAll(users(sysimage))) {
      return null;
    }
    Duration wait = last == null ? Duration.ZERO : interval.minus(Duration.between(last.at(), now));
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /**
   * Whether a new user should wake the sysimage for a look: not when one was taken within the
   * interval. A user arriving then is served by that look, and no reconcile is spent on it (a team
   * of twenty joining one sysimage within a minute costs one look, not twenty passes).
   */
  boolean wantsNewUser(ResourceID sysimage, Instant now) {
    Checked last = checked.get(SysimageUsers.key(sysimage));
    return last == null || !Duration.between(last.at(), now).minus(interval).isNegative();
  }

  /**
   * How long until the interval after the last look at this sysimage's image ends; null when it
   * has. A pass within it is followed by one at its end, which looks again if users came (they did
   * not wake the sysimage: {@link #wantsNewUser}).
   */
  Duration windowLeft(JuliaSysimage sysimage, Instant now) {
    Checked last = checked.get(SysimageUsers.key(ResourceID.fromResource(sysimage)));
    if (last == null || !last.uid().equals(sysimage.getMetadata().getUid())) {
      return null;
    }
    Duration left = interval.minus(Duration.between(last.at(), now));
    return left.isNegative() || left.isZero() ? null : left;
  }

  private Set<String> users(JuliaSysimage sysimage) {
    return users.of(ResourceID.fromResource(sysimage)).stream()
        .map(p -> p.getMetadata().getUid())
        .collect(Collectors.toSet());
  }

  /** Is {@code <repository>:<content-hash tag>} there? */
  Lookup tag(SysimagePlan plan, PushSecret secret) {
    return ask(plan, plan.tag(), secret);
  }

  /** Is the image still there under the digest recorded for it? */
  Lookup digest(SysimagePlan plan, String digest, PushSecret secret) {
    return ask(plan, digest, secret);
  }

  private Lookup ask(SysimagePlan plan, String reference, PushSecret secret) {
    ImageName image = ImageName.parse(plan.repository());
    Credentials credentials = null;
    if (secret.dockerConfig() != null) {
      try {
        credentials = DockerConfig.forHost(secret.dockerConfig(), image.host()).orElse(null);
      } catch (IllegalArgumentException e) {
        return new Lookup.Unknown(
            "push Secret " + plan.pushSecret() + "'s .dockerconfigjson " + e.getMessage());
      }
    }
    return registry.manifest(image, reference, credentials);
  }
}
