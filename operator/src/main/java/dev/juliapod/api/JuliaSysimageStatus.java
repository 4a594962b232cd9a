package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaSysimageStatus extends ResourceStatus {
  @JsonPropertyDescription("The built image by digest, repository@sha256:...")
  public String image;

  @JsonPropertyDescription("The Kaniko Job of the current build.")
  public String job;

  @JsonPropertyDescription("UIDs of the owners the image was known to exist for; a new owner"
      + " makes the operator ask the registry whether the digest is still there.")
  public java.util.List<String> checkedFor;

  @JsonPropertyDescription("When the registry was last asked about the image (RFC 3339).")
  public String checkedAt;
}
