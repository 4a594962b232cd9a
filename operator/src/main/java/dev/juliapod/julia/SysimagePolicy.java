package dev.juliapod.julia;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which direct dependencies are baked into the sysimage (docs/design.md, "Stripping"). */
public enum SysimagePolicy {
  /** Bake pinned direct deps; what `Pkg.rm(unpinned; mode=PKGMODE_MANIFEST)` leaves. */
  PINNED,
  /** As Pinned, and also drop unpinned packages reachable from unpinned direct deps. */
  STRICT,
  /** Drop everything tracked by `path` or `repo-url` (what julia_pod does). */
  REGISTERED,
  /** Bake exactly the listed direct deps. */
  EXPLICIT,
  /** No sysimage: the image only precompiles the whole environment. */
  NONE;

  /** The lower-case name used on the command line and in resources. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static String choices() {
    return Arrays.stream(values()).map(SysimagePolicy::id).collect(Collectors.joining(", "));
  }

  /** Accepts any case; the message lists the choices. */
  public static SysimagePolicy parse(String value) {
    for (SysimagePolicy policy : values()) {
      if (policy.name().equalsIgnoreCase(value.strip())) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown sysimage policy \"" + value + "\"; choose one of " + choices());
  }
}
