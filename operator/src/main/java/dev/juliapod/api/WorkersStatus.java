package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkersStatus {
  @StatusReplicas
  @JsonPropertyDescription("Worker pods that exist and are not being deleted.")
  public Integer replicas;

  @JsonPropertyDescription(
      "Worker pods whose Distributed.jl worker is up: listening for the session, or joined to it.")
  public Integer readyReplicas;

  @JsonPropertyDescription("Of those, the ones the session has joined (addworkers()).")
  public Integer inUse;

  @JsonPropertyDescription("ready/desired, for `kubectl get jp`.")
  public String ready;
}
