package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionSpec {
  @JsonPropertyDescription(
      "REPL pod resources; GPUs as extended resources (nvidia.com/gpu)."
          + " What is left out comes from the operator's defaults (--session-cpu,"
          + " --session-memory, --session-memory-limit).")
  public ResourceRequirements resources;

  @JsonPropertyDescription(
      "Secrets (kubernetes.io/dockerconfigjson) for pulling the session's"
          + " image from a private registry; default: the operator's --image-pull-secret.")
  public List<LocalObjectReference> imagePullSecrets;

  public Map<String, String> nodeSelector;

  public List<Toleration> tolerations;

  @JsonPropertyDescription(
      "Service account for the pod, one the operator allows"
          + " (--allowed-service-account); without one no API token is mounted.")
  public String serviceAccountName;

  public List<EnvVar> env;

  @Min(1)
  @JsonPropertyDescription(
      "Julia threads (JULIA_NUM_THREADS); default: the CPU limit, else"
          + " Julia's own default (1).")
  public Integer threads;

  @JsonPropertyDescription(
      "The volume that holds the project, the depot for unpinned packages"
          + " and the REPL history, kept across pod restarts.")
  public WorkspaceSpec workspace;

  @JsonPropertyDescription("More arguments for the REPL's julia command, e.g. --optimize=0.")
  public List<String> juliaArgs;

  @JsonPropertyDescription("Stop the pod and keep everything else; false starts it again.")
  public Boolean suspend;

  @JsonPropertyDescription(
      "Stop the session pod after this long without REPL input or a running evaluation, e.g."
          + " 30s, 45m, 2h or 1h30m; the workspace, the session files and the sysimage stay, and"
          + " `juliapod start` or `juliapod repl` brings it back. 0 never stops it. Default: the"
          + " operator's --idle-timeout; unset there too, never.")
  @Pattern("^(0|([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)$")
  public String idleTimeout;
}
