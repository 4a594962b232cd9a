package dev.juliapod.registry;

/** What the registry says about a manifest. */
public sealed interface Lookup {
  /** It exists; {@code digest} is `sha256:<hex>`. */
  record Found(String digest) implements Lookup {}

  /** The registry answered 404: nothing under that reference. */
  record Missing() implements Lookup {}

  /** No usable answer (timeout, 5xx, refused credentials, ...); {@code reason} is for people. */
  record Unknown(String reason) implements Lookup {}
}
