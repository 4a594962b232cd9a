package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What both resources report: kstatus conditions, a phase and a message for people. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling and Stalled (kstatus), plus this kind's own.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Pending, Building, Starting, Ready, Suspended, Idle or Failed.")
  public String phase;

  public String message;
}
