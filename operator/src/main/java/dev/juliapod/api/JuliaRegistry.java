package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Julia package registry to add besides General, as `Pkg.Registry.add(url=...)` does. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaRegistry {
  @Required
  @Pattern("^(https?://|ssh://|git@)[A-Za-z0-9._~:/@%+=,-]+$")
  @JsonPropertyDescription(
      "Git URL of the registry, e.g. https://github.com/acme/AcmeRegistry.git or"
          + " git@github.com:acme/AcmeRegistry.git.")
  public String url;

  @Pattern("^[A-Za-z][A-Za-z0-9_]*$")
  @JsonPropertyDescription("The registry's name (its Registry.toml name), for messages.")
  public String name;

  public JuliaRegistry() {}

  public JuliaRegistry(String url, String name) {
    this.url = url;
    this.name = name;
  }
}
