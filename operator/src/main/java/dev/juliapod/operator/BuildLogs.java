package dev.juliapod.operator;

import dev.juliapod.build.BuildPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;

/** The end of a failed build's log, for the status message: that is where Julia says why. */
final class BuildLogs {
  static final int LINES = 25;

  private BuildLogs() {}

  static String tail(KubernetesClient client, List<Pod> pods) {
    Pod last =
        pods.stream()
            .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
            .orElse(null);
    if (last == null) {
      return "";
    }
    String log = read(client, last);
    if (log.isEmpty()) {
      // No log to read (its node is gone, or no log access): what the kubelet kept of it.
      return BuildPods.output(List.of(last))
          .map(
              words ->
                  "\nthe build's last words"
                      + " (termination message of "
                      + last.getMetadata().getName()
                      + "):\n"
                      + words)
          .orElse("");
    }
    return "\nlast lines of the build log (kubectl logs -n "
        + last.getMetadata().getNamespace()
        + " "
        + last.getMetadata().getName()
        + "):\n"
        + log;
  }

  /** The log of a build pod's executor container. */
  static io.fabric8.kubernetes.client.dsl.ContainerResource kaniko(
      KubernetesClient client, Pod pod) {
    return client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .inContainer("kaniko");
  }

  private static String read(KubernetesClient client, Pod last) {
    try {
      String log = kaniko(client, last).tailingLines(LINES).getLog();
      return log == null ? "" : log.strip();
    } catch (KubernetesClientException e) {
      return ""; // the log may be gone with its node; the reason above still stands
    }
  }
}
