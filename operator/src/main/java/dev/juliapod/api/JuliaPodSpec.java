package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaPodSpec {
  @Required
  @JsonPropertyDescription("The Julia version and the image it comes from.")
  public JuliaSpec julia;

  @Required
  @JsonPropertyDescription("Project.toml and Manifest.toml, inline or from a ConfigMap.")
  public ProjectSource project;

  @JsonPropertyDescription(
      "A prebuilt image to run the session on instead of building one:"
          + " nothing is built, and sysimage and build are not used. Its julia must be on PATH;"
          + " packages it holds must be in a depot Julia finds by default or in /opt/juliapod/depot.")
  public String image;

  @JsonPropertyDescription("Which packages are baked into the sysimage.")
  public SysimageSpec sysimage;

  @JsonPropertyDescription("How the sysimage is built; omitted fields use the operator's defaults.")
  public BuildSpec build;

  @JsonPropertyDescription("The REPL pod.")
  public SessionSpec session;

  // Defaulted, so that the scale subresource's path exists on every JuliaPod (WorkersSpec).
  @Default("{}")
  @JsonPropertyDescription(
      "Distributed.jl worker pods on the session's image and sysimage, for the session's REPL.")
  public WorkersSpec workers;
}
