package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JuliaPodStatus extends ResourceStatus {
  @JsonPropertyDescription(
      "The base image the sysimage is built from (or the session runs on"
          + " when nothing is baked), by digest once resolved; kept while spec names the same"
          + " image, so a re-pushed tag does not change the plan.")
  public String baseImage;

  @JsonPropertyDescription("The JuliaSysimage this pod runs on.")
  public String sysimage;

  @JsonPropertyDescription(
      "The namespace of that JuliaSysimage: this JuliaPod's own, or the operator's build"
          + " namespace when it builds centrally. Absent means this JuliaPod's own.")
  public String sysimageNamespace;

  @JsonPropertyDescription("The session image by digest, repository@sha256:...")
  public String image;

  public List<PackageInfo> baked;

  public List<PackageInfo> stripped;

  @JsonPropertyDescription("The session pod.")
  public String pod;

  @JsonPropertyDescription("Command that attaches a terminal to the REPL.")
  public String attachCommand;

  @JsonPropertyDescription(
      "When the operator stopped the idle session (phase Idle), RFC 3339; absent otherwise."
          + " `juliapod start` resumes it by copying this time into the juliapod.dev/resume"
          + " annotation.")
  public String idleSince;

  @JsonPropertyDescription("The Distributed.jl worker pods; absent when none are asked for.")
  public WorkersStatus workers;
}
