package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaPodSpec {
  @Required
  @JsonPropertyDescription("The Julia version and the image it comes from.")
  public JuliaSpec julia;

  @Required
  @JsonPropertyDescription("Project.toml and Manifest.toml, inline or from a ConfigMap.")
  public ProjectSource project;

  @JsonPropertyDescription("Which packages are baked into the sysimage.")
  public SysimageSpec sysimage;

  @JsonPropertyDescription("How the sysimage is built; omitted fields use the operator's defaults.")
  public BuildSpec build;

  @JsonPropertyDescription("The REPL pod.")
  public SessionSpec session;
}
