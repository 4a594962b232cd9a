package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

public class ConfigMapProjectRef {
  @Required
  @JsonPropertyDescription("ConfigMap name, in the JuliaPod's namespace.")
  public String name;

  @Default("Project.toml")
  @JsonPropertyDescription("Key holding Project.toml.")
  public String projectKey = "Project.toml";

  @Default("Manifest.toml")
  @JsonPropertyDescription("Key holding Manifest.toml.")
  public String manifestKey = "Manifest.toml";
}
