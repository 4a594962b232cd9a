package dev.juliapod.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Where a session pod answers for its activity, and what its answer says. The operator asks the
 * pod's IP at the port the pod declares by name, as Kubeflow's culler asks a notebook's API
 * (kubeflow/notebooks components/notebook-controller/controllers/culling_controller.go): no
 * Service, and no pods/exec right.
 */
public final class ActivityEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the listener answered: the latest activity it knows of, and whether Julia is at work. */
  public record Report(Instant lastActivity, boolean busy) {}

  /**
   * @param uri null when the pod cannot be asked, and {@code problem} says why
   */
  public record Target(URI uri, String problem) {}

  private ActivityEndpoint() {}

  public static Target of(Pod pod) {
    ContainerPort port = port(pod);
    if (port == null) {
      return new Target(
          null,
          "session pod "
              + pod.getMetadata().getName()
              + " has no activity listener: it started before idle culling was on for it, and is"
              + " stopped when idle only after it next starts");
    }
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isBlank()) {
      return new Target(null, "session pod " + pod.getMetadata().getName() + " has no IP yet");
    }
    String host = ip.contains(":") ? "[" + ip + "]" : ip; // an IPv6 pod IP (RFC 3986 host)
    return new Target(
        URI.create("http://" + host + ":" + port.getContainerPort() + SessionActivity.PATH), null);
  }

  private static ContainerPort port(Pod pod) {
    if (pod.getSpec() == null) {
      return null;
    }
    for (Container container :
        Objects.requireNonNullElse(pod.getSpec().getContainers(), List.<Container>of())) {
      for (ContainerPort port :
          Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of())) {
        if (SessionActivity.PORT_NAME.equals(port.getName()) && port.getContainerPort() != null) {
          return port;
        }
      }
    }
    return null;
  }

  /**
   * activity-server.jl's answer, {"lastActivity": RFC 3339, "busy": bool}.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static Report parse(String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the answer is not JSON");
    }
    JsonNode last = json == null ? null : json.get("lastActivity");
    JsonNode busy = json == null ? null : json.get("busy");
    if (last == null || !last.isTextual() || busy == null || !busy.isBoolean()) {
      throw new IllegalArgumentException(
          "the answer lacks lastActivity (RFC 3339) or busy (true or false)");
    }
    try {
      return new Report(Instant.parse(last.asText()), busy.asBoolean());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "lastActivity \"" + last.asText() + "\" is not an RFC 3339 time");
    }
  }
}
