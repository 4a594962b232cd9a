package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
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
  static final String IN_REGISTRY = "InRegistry";
  static final String FOUND = "Found";

  /** Past this many sysimages the memory of checks starts over (each is checked once more). */
  private static final int REMEMBERED = 10_000;

  private final RegistryClient registry;

  /**
   * Per built sysimage (by uid), the users (JuliaPod uids) its image was known to exist for and
   * when. In memory, not in status: a look that finds the image changes nothing worth a write, and
   * after a restart each built sysimage is simply looked at once more when an owner arrives.
   */
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  private record Checked(Set<String> owners, Instant at) {}

  /** How soon after a look at the registry a new user makes the operator look again. */
  private final Duration interval;

  private final SysimageUsers users;

  RegistryCheck(RegistryClient registry, Duration interval, SysimageUsers users) {
    this.registry = registry;
    this.interval = interval;
    this.users = users;
  }

  /** Remembers that the image exists for the sysimage's current owners. */
  void checked(JuliaSysimage sysimage, Instant now) {
    if (checked.size() > REMEMBERED) {
      checked.clear();
    }
    checked.put(sysimage.getMetadata().getUid(), new Checked(owners(sysimage), now));
  }

  /**
   * Null when every user was checked for; else how long until a look is due (zero: now). Users
   * arriving together (a team applying its JuliaPods) need one look, not one each.
   */
  Duration due(JuliaSysimage sysimage, Instant now) {
    Checked last = checked.get(sysimage.getMetadata().getUid());
    if (last != null && last.owners().containsAll(owners(sysimage))) {
      return null;
    }
    Duration wait = last == null ? Duration.ZERO : interval.minus(Duration.between(last.at(), now));
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private Set<String> owners(JuliaSysimage sysimage) {
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

  /**
   * The InRegistry condition: True found, False not there, Unknown no usable answer.
   *
   * @param recorded true when asking about an image already recorded (kept when the registry cannot
   *     answer), false before a build (which then goes ahead)
   */
  static void condition(
      JuliaSysimageStatus status,
      long generation,
      Lookup answer,
      String what,
      boolean recorded,
      Instant now) {
    if (answer instanceof Lookup.Found found) {
      StatusConditions.set(
          status, IN_REGISTRY, "True", FOUND, what + " is " + found.digest(), generation, now);
    } else if (answer instanceof Lookup.Unknown unknown) {
      StatusConditions.set(
          status,
          IN_REGISTRY,
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
          status,
          IN_REGISTRY,
          "False",
          "NotFound",
          what + " is not in the registry",
          generation,
          now);
    }
  }
}
