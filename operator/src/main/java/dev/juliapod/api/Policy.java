package dev.juliapod.api;

import dev.juliapod.julia.SysimagePolicy;

/** `spec.sysimage.policy`, spelled as Kubernetes enums usually are. */
public enum Policy {
  Pinned, Strict, Registered, Explicit, None;

  public SysimagePolicy toEngine() {
    return SysimagePolicy.parse(name());
  }
}
