package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

public class InlineProject {
  @Required
  @JsonPropertyDescription("Text of Project.toml.")
  public String projectToml;

  @Required
  @JsonPropertyDescription("Text of Manifest.toml.")
  public String manifestToml;
}
