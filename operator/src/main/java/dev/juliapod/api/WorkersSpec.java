package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Map;

/** Distributed.jl worker pods beside the session (docs/design.md, "Distributed workers"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkersSpec {
  /** More than a namespace is likely to hold; each is a pod the operator watches. */
  public static final int MAX_REPLICAS = 256;

  // A default, so that the scale subresource finds the field on every JuliaPod: the API server
  // answers GET /scale with an error while specReplicasPath is absent (kubernetes
  // staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/etcd.go, ScaleREST).
  @SpecReplicas
  @Default("0")
  @Min(0)
  @Max(MAX_REPLICAS)
  @JsonPropertyDescription(
      "How many worker pods to run; `kubectl scale jp NAME --replicas=N` and `juliapod workers"
          + " NAME N` set it. In the REPL, `using JuliaPodWorkers; addworkers()` adds the ready"
          + " ones to Distributed.")
  public Integer replicas = 0;

  @JsonPropertyDescription(
      "Each worker's resources, GPUs as extended resources (nvidia.com/gpu); default: the"
          + " session's.")
  public ResourceRequirements resources;

  @JsonPropertyDescription("Where workers run; default: the session's nodeSelector.")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Default: the session's tolerations.")
  public List<Toleration> tolerations;
}
