package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaSpec {
  @Required
  @Pattern("^[0-9]+\\.[0-9]+(\\.[0-9]+)?(-[0-9A-Za-z.-]+)?$")
  @JsonPropertyDescription("Julia version, e.g. 1.10.5; selects the official julia:<version> image.")
  public String version;

  @JsonPropertyDescription("Base image instead of julia:<version>; it must hold that Julia.")
  public String image;
}
