package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaSysimageStatus extends ResourceStatus {
  @JsonPropertyDescription("The built image by digest, repository@sha256:...")
  public String image;

  @JsonPropertyDescription("The Kaniko Job of the current build.")
  public String job;
}
