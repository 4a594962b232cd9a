package dev.juliapod.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A local port forwarded to the session's pod while the terminal is attached. */
final class PortForward {
  private PortForward() {}

  /** Forwards LOCAL:REMOTE until closed: with kubectl when it is on PATH, else with fabric8. */
  static Closeable open(
      KubernetesClient client, Map<String, String> env, String namespace, String pod, String spec)
      throws IOException {
    String[] parts = spec.split(":");
    int local = Integer.parseInt(parts[0]);
    int remote = Integer.parseInt(parts[parts.length - 1]);
    Optional<Path> kubectl = Terminal.kubectl(env);
    if (kubectl.isPresent()) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  kubectl.get().toString(),
                  "port-forward",
                  "-n",
                  namespace,
                  "pod/" + pod,
                  local + ":" + remote)
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process = builder.start();
      awaitForwarding(process);
      return process::destroy;
    }
    LocalPortForward forward =
        client.pods().inNamespace(namespace).withName(pod).portForward(remote, local);
    return forward;
  }

  /** Waits (a few seconds at most) until kubectl says the port is open, then drains it. */
  private static void awaitForwarding(Process process) {
    var lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    CountDownLatch open = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.startsWith("Forwarding from")) {
                    open.countDown();
                  }
                }
              } catch (IOException closed) {
                // the forward ended
              } finally {
                open.countDown();
              }
            },
            "port-forward-output");
    reader.setDaemon(true);
    reader.start();
    try {
      open.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
