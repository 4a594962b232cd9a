package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaSpec {
  @Required
  @Pattern("^[0-9]+\\.[0-9]+(\\.[0-9]+)?(-[0-9A-Za-z.-]+)?$")
  @JsonPropertyDescription(
      "Julia version, e.g. 1.10.5; selects the official julia:<version> image.")
  public String version;

  @JsonPropertyDescription(
      "Base image instead of julia:<version>; it must hold that Julia."
          + " The operator builds from it by digest, resolved once and kept in status.baseImage.")
  public String image;

  @Pattern("^(amd64|arm64)$")
  @JsonPropertyDescription(
      "CPU architecture of the nodes that build and run the session,"
          + " amd64 or arm64 (default: the operator's, amd64). Both pods get a kubernetes.io/arch"
          + " node selector, and the sysimage is compiled for that architecture's CPUs.")
  public String arch;

  @JsonPropertyDescription(
      "Julia registries to add besides General, in the build and the session (the operator's"
          + " --julia-registry ones come first). Private ones are cloned with"
          + " credentialsSecret.")
  public List<JuliaRegistry> registries;

  @Pattern("^https?://[A-Za-z0-9._~:/@%+=,-]+$")
  @JsonPropertyDescription(
      "Package server (JULIA_PKG_SERVER) for the build and the session, e.g. a company mirror;"
          + " default: the operator's --pkg-server, else Julia's own (pkg.julialang.org).")
  public String pkgServer;

  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Secret in this namespace with credentials for private registries and packages: key"
          + " .git-credentials (git-credential-store lines, https://user:token@host), and/or"
          + " ssh-privatekey (type kubernetes.io/ssh-auth) with optional known_hosts, and/or"
          + " auth.toml for the package server. Mounted read-only where Pkg needs it, never"
          + " copied into the image.")
  public String credentialsSecret;
}
