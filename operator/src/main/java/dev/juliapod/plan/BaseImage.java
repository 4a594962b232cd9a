package dev.juliapod.plan;

/**
 * The image a sysimage is built FROM (and a session runs on when nothing is baked): the reference
 * as configured, and the digest a registry gave for it. A tag can be pushed again with other
 * contents; a digest cannot, so a plan whose base is resolved names exactly what it builds on, and
 * its content hash changes when the base does (docs/design.md, "Base image").
 *
 * @param reference as configured, e.g. julia:1.11.7
 * @param digest sha256:... of what the reference named when it was resolved; null if not
 * @param problem why it is not resolved, for status and `juliapod plan`; null when resolved
 */
public record BaseImage(String reference, String digest, String problem) {
  /** A reference that already carries a digest (`repo@sha256:...`) needs no registry. */
  public static BaseImage of(String reference, String problem) {
    int at = reference.indexOf("@sha256:");
    return at < 0
        ? new BaseImage(reference, null, problem)
        : new BaseImage(reference.substring(0, at), reference.substring(at + 1), null);
  }

  public static BaseImage resolved(String reference, String digest) {
    return new BaseImage(reference, digest, null);
  }

  /** The repository part of the reference: `julia` of `julia:1.11.7`, `host:5000/julia`. */
  public String repository() {
    int colon = reference.lastIndexOf(':');
    return colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
  }

  /** The tag of the reference; `latest` when it names none, as Docker reads it. */
  public String tag() {
    String repository = repository();
    return repository.length() < reference.length()
        ? reference.substring(repository.length() + 1)
        : "latest";
  }

  /**
   * What a Dockerfile's FROM and a pod's image say: `julia:1.11.7@sha256:...` or the tag.
   * go-containerregistry, which Kaniko pulls with, reads a tag and a digest together and goes by
   * the digest (pkg/name/digest.go, NewDigest); so do container runtimes.
   */
  public String ref() {
    return digest == null ? reference : reference + "@" + digest;
  }

  public boolean isResolved() {
    return digest != null;
  }

  /** Whether {@code recorded} (a status.baseImage) is this reference, resolved. */
  public boolean sameReference(String recorded) {
    return recorded != null && recorded.startsWith(reference + "@sha256:");
  }
}
