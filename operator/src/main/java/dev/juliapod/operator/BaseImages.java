package dev.juliapod.operator;

import dev.juliapod.plan.BaseImage;
import dev.juliapod.registry.Credentials;
import dev.juliapod.registry.ImageName;
import dev.juliapod.registry.Lookup;
import dev.juliapod.registry.RegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Resolves base image tags to digests (docs/design.md, "Base image"), so a plan names what it
 * builds on: `julia:1.11.7` becomes `julia:1.11.7@sha256:...`, the digest of the manifest list,
 * from which Kaniko takes the node's platform. A JuliaPod keeps the digest it was planned with
 * (status.baseImage) for as long as it names the same image: a tag pushed again, or a registry that
 * cannot be asked, never changes a plan that was made (a new digest is a new hash and a rebuild).
 * Digests are remembered here for a while, so that JuliaPods applied together share one answer and
 * one build.
 */
final class BaseImages {
  /** How long a digest is reused for new JuliaPods before the registry is asked again. */
  static final Duration FRESH = Duration.ofMinutes(30);

  /** How long a failed lookup stands before the next JuliaPod asks again. */
  static final Duration RETRY = Duration.ofSeconds(30);

  private static final int REMEMBERED = 1_000;

  private record Answer(String digest, String problem, Instant at) {}

  private final RegistryClient registry;
  private final Clock clock;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  BaseImages(RegistryClient registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * @param reference as configured (Planner.baseImage)
   * @param recorded the JuliaPod's status.baseImage, or null
   * @param credentials for the registry host, read only when the registry asks for them
   */
  BaseImage resolve(String reference, String recorded, Supplier<Credentials> credentials) {
    BaseImage configured = BaseImage.of(reference, null);
    if (configured.isResolved()) {
      return configured; // written with a digest: nothing to ask
    }
    if (configured.sameReference(recorded)) {
      return BaseImage.of(recorded, null);
    }
    Instant now = clock.instant();
    Answer known = answers.get(reference);
    if (known == null || now.isAfter(known.at().plus(known.digest() != null ? FRESH : RETRY))) {
      known = ask(reference, credentials, now);
      if (answers.size() >= REMEMBERED) {
        answers.clear();
      }
      answers.put(reference, known);
    }
    return known.digest() != null
        ? BaseImage.resolved(reference, known.digest())
        : BaseImage.of(reference, known.problem());
  }

  private Answer ask(String reference, Supplier<Credentials> credentials, Instant now) {
    BaseImage base = BaseImage.of(reference, null);
    ImageName image;
    try {
      image = ImageName.parse(base.repository());
    } catch (RuntimeException e) {
      return new Answer(null, "not an image reference", now);
    }
    String tag = base.tag();
    Lookup answer = registry.manifest(image, tag, null);
    if (answer instanceof Lookup.Unknown && credentials != null) {
      Credentials given = credentials.get();
      if (given != null) {
        answer = registry.manifest(image, tag, given);
      }
    }
    if (answer instanceof Lookup.Found found) {
      return new Answer(found.digest(), null, now);
    }
    String why =
        answer instanceof Lookup.Missing
            ? image.host() + " has no " + reference
            : ((Lookup.Unknown) answer).reason();
    return new Answer(null, why, now);
  }
}
