package dev.juliapod.plan;

import dev.juliapod.api.BuildSpec;
import dev.juliapod.api.JuliaRegistry;
import dev.juliapod.api.JuliaSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where Pkg gets packages from for one JuliaPod: registries besides General, the package server,
 * the Secret with credentials, and the Debian packages the image needs. The first three apply to
 * the build and the session alike (docs/design.md, "Private packages").
 *
 * @param registries extra registries, the operator's first, each URL once
 * @param pkgServer JULIA_PKG_SERVER, or null for Julia's default
 * @param credentialsSecret the Secret mounted where Pkg needs credentials, or null
 * @param systemPackages Debian packages, sorted, each once
 * @param sessionCredentials whether the session has a credentials Secret the build does not: with
 *     central builds, a JuliaPod's own Secret, which the build namespace cannot read, still needs
 *     git in the image for the session (docs/design.md, "Central builds")
 */
public record PackageSources(
    List<JuliaRegistry> registries,
    String pkgServer,
    String credentialsSecret,
    List<String> systemPackages,
    boolean sessionCredentials) {
  public static final PackageSources NONE =
      new PackageSources(List.of(), null, null, List.of(), false);

  /**
   * Debian Policy 5.6.1: lower case letters, digits, + - and ., at least two, alphanumeric first.
   */
  private static final Pattern DEBIAN_PACKAGE = Pattern.compile("^[a-z0-9][a-z0-9+.-]+$");

  private static final Pattern REGISTRY_URL =
      Pattern.compile("^(https?://|ssh://|git@)[A-Za-z0-9._~:/@%+=,-]+$");
  private static final Pattern PKG_SERVER = Pattern.compile("^https?://[A-Za-z0-9._~:/@%+=,-]+$");
  private static final Pattern SECRET_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");

  public PackageSources {
    registries = List.copyOf(registries);
    systemPackages = List.copyOf(systemPackages);
  }

  /**
   * The build's sources when it fetches with another credentials Secret (or none) than the session:
   * the image still gets what the session's Secret needs, and its hash does not change.
   */
  public PackageSources withCredentialsSecret(String secret) {
    return new PackageSources(
        registries,
        pkgServer,
        secret,
        systemPackages,
        secret == null && (sessionCredentials || credentialsSecret != null));
  }

  /** The JuliaPod's settings over the operator's, checked as the CRD would. */
  static PackageSources of(JuliaSpec julia, BuildSpec build, OperatorDefaults defaults)
      throws PlanException {
    Map<String, JuliaRegistry> registries = new LinkedHashMap<>();
    for (String url : defaults.juliaRegistries()) {
      registries.put(url, new JuliaRegistry(url, null));
    }
    List<JuliaRegistry> own = julia.registries == null ? List.of() : julia.registries;
    for (int i = 0; i < own.size(); i++) {
      JuliaRegistry r = own.get(i);
      String field = "spec.julia.registries[" + i + "].url";
      if (r == null || r.url == null || !REGISTRY_URL.matcher(r.url).matches()) {
        throw new PlanException(
            field
                + " "
                + (r == null ? null : r.url)
                + " is not a git URL: write https://host/org/Registry.git or"
                + " git@host:org/Registry.git");
      }
      registries.put(r.url, r);
    }
    String pkgServer = julia.pkgServer != null ? julia.pkgServer : defaults.pkgServer();
    if (pkgServer != null && !PKG_SERVER.matcher(pkgServer).matches()) {
      throw new PlanException(
          "spec.julia.pkgServer "
              + pkgServer
              + " is not an http(s) URL, e.g. https://pkg.acme.com");
    }
    String secret =
        julia.credentialsSecret != null ? julia.credentialsSecret : defaults.credentialsSecret();
    if (secret != null && !SECRET_NAME.matcher(secret).matches()) {
      throw new PlanException(
          "spec.julia.credentialsSecret " + secret + " is not a Secret name (lower case, - and .)");
    }
    return new PackageSources(
        new ArrayList<>(registries.values()), pkgServer, secret, systemPackages(build), false);
  }

  private static List<String> systemPackages(BuildSpec build) throws PlanException {
    List<String> given =
        build == null || build.systemPackages == null ? List.of() : build.systemPackages;
    TreeSet<String> sorted = new TreeSet<>();
    for (String p : given) {
      if (p == null || !DEBIAN_PACKAGE.matcher(p).matches()) {
        throw new PlanException(
            "spec.build.systemPackages: "
                + p
                + " is not a Debian package name (lower case letters, digits, + - and ., e.g."
                + " libhdf5-dev); versions and options are not accepted");
      }
      sorted.add(p);
    }
    return new ArrayList<>(sorted);
  }

  /**
   * Whether the image needs the git command: to clone registries besides General, and to fetch
   * private packages with the credentials (docs/design.md, "Private packages").
   */
  public boolean needsGit() {
    return !registries.isEmpty() || credentialsSecret != null || sessionCredentials;
  }

  /** Whether these settings alone call for an image of its own, even with nothing to bake. */
  public boolean needsImage() {
    return needsGit() || !systemPackages.isEmpty();
  }

  /**
   * What goes into the image's content hash: not the credentials, which do not change it. Empty
   * when nothing is set, so the images of plans without these settings keep their names.
   */
  String hashText() {
    if (!needsImage() && pkgServer == null) {
      return "";
    }
    return "git "
        + needsGit()
        + "\nregistries "
        + String.join(",", registries.stream().map(r -> r.url).toList())
        + "\npkgserver "
        + Objects.requireNonNullElse(pkgServer, "")
        + "\nsystem "
        + String.join(",", systemPackages);
  }
}
