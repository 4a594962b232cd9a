package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * Everything the image depends on, copied from the first JuliaPod that planned it. The name is the
 * hash of these fields, so the operator never edits them; a different plan is a different
 * JuliaSysimage.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaSysimageSpec {
  @Required
  @JsonPropertyDescription(
      "Base image with Julia, by digest when it could be resolved, e.g."
          + " julia:1.11.7@sha256:...")
  public String baseImage;

  @Required
  @JsonPropertyDescription("Repository the image is pushed to; the tag is the content hash.")
  public String repository;

  @Required
  @JsonPropertyDescription("Image tag: the content hash of everything that affects the image.")
  public String tag;

  @JsonPropertyDescription("False for policy None: the image only precompiles.")
  public Boolean bake;

  @Required public String projectToml;

  @Required public String manifestToml;

  @JsonPropertyDescription("Packages compiled into the sysimage; empty for policy None.")
  public List<PackageInfo> baked;

  public String cpuTarget;

  @JsonPropertyDescription(
      "The Julia version of the base image: where compiled files live and how Julia checks"
          + " them.")
  public String juliaVersion;

  @JsonPropertyDescription("Node architecture the image is built on and for: amd64 or arm64.")
  public String arch;

  @JsonPropertyDescription("The PackageCompiler release the build uses.")
  public String packageCompiler;

  public String precompileScript;

  @JsonPropertyDescription("Julia registries added besides General.")
  public List<JuliaRegistry> registries;

  @JsonPropertyDescription("The package server the build uses (JULIA_PKG_SERVER).")
  public String pkgServer;

  @JsonPropertyDescription("Debian packages installed in the image.")
  public List<String> systemPackages;

  @JsonPropertyDescription(
      "Secret with git and package-server credentials, mounted in the build pod only; from the"
          + " first JuliaPod of this plan, not in the name (the same inputs make the same image"
          + " whoever's token fetched them).")
  public String credentialsSecret;

  @JsonPropertyDescription(
      "Git in the image for sessions whose own credentials Secret the build does not use"
          + " (central builds); absent means no such session.")
  public Boolean sessionCredentials;

  @JsonPropertyDescription("How the Job runs; does not change the image, so not in the name.")
  public BuildSpec build;
}
