package dev.juliapod.plan;

import java.util.List;

/**
 * The build cache volume (docs/design.md, "Depot cache"): how large a claim the operator makes in
 * each namespace where builds run, of which storage class, and how builds share it.
 *
 * @param size the claim's requested storage, e.g. 50Gi; null: no cache
 * @param storageClass null for the cluster's default class
 * @param accessMode ReadWriteOnce: one build uses the cache at a time and the others build without
 *     it, since a volume of that mode attaches to one node only and a second build pod elsewhere
 *     would wait for it; ReadWriteMany: every build mounts it at once
 */
public record DepotCacheSettings(String size, String storageClass, String accessMode) {
  public static final String READ_WRITE_ONCE = "ReadWriteOnce";
  public static final String READ_WRITE_MANY = "ReadWriteMany";
  public static final List<String> ACCESS_MODES = List.of(READ_WRITE_ONCE, READ_WRITE_MANY);
  public static final DepotCacheSettings OFF = new DepotCacheSettings(null, null, READ_WRITE_ONCE);

  public DepotCacheSettings {
    if (!ACCESS_MODES.contains(accessMode)) {
      throw new IllegalArgumentException(
          "access mode " + accessMode + " is not one of " + String.join(", ", ACCESS_MODES));
    }
  }

  public boolean enabled() {
    return size != null;
  }

  /** Whether builds may mount it at the same time. */
  public boolean sharedAtOnce() {
    return READ_WRITE_MANY.equals(accessMode);
  }
}
