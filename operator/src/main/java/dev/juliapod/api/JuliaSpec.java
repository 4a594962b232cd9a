package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

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
}
