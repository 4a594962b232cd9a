package dev.juliapod.api;

import dev.juliapod.julia.SysimagePolicy;

/** `spec.sysimage.policy`, spelled as Kubernetes enums usually are. */
public enum Policy {
  Pinned,
  Strict,
  Registered,
  Explicit,
  None;

  public SysimagePolicy toEngine() {
    return SysimagePolicy.parse(name());
  }

  public static Policy of(SysimagePolicy engine) {
    return java.util.Arrays.stream(values())
        .filter(p -> p.toEngine() == engine)
        .findFirst()
        .orElseThrow();
  }
}
