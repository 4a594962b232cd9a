package dev.juliapod.julia;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Julia version as `spec.julia.version` and Manifests write it (`1.11`, `1.10.8`, `1.12.0-rc1`).
 * A missing patch number counts as 0, and a pre-release as that release: what changed between
 * releases (file names, default sysimage, PackageCompiler support) changed at a minor or patch
 * release.
 */
public record JuliaVersion(int major, int minor, int patch) implements Comparable<JuliaVersion> {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-+].*)?");

  /**
   * @throws IllegalArgumentException when the text is not a version
   */
  public static JuliaVersion parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a Julia version such as" + " 1.11.7");
    }
    return new JuliaVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  public static JuliaVersion of(int major, int minor, int patch) {
    return new JuliaVersion(major, minor, patch);
  }

  public boolean atLeast(int major, int minor, int patch) {
    return compareTo(of(major, minor, patch)) >= 0;
  }

  /** `1.11`, as in `Manifest-v1.11.toml`. */
  public String minorString() {
    return major + "." + minor;
  }

  @Override
  public int compareTo(JuliaVersion other) {
    int c = Integer.compare(major, other.major);
    c = c != 0 ? c : Integer.compare(minor, other.minor);
    return c != 0 ? c : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
