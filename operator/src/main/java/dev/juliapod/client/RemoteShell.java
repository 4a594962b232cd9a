package dev.juliapod.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a command in a session container with bytes as its input and collects its output, through
 * `kubectl exec -i` when kubectl is on PATH (as {@link Terminal} does) or fabric8's exec. Commands
 * should read exactly stdin.length bytes (head -c): fabric8's exec cannot close the remote stdin on
 * every server version.
 */
public final class RemoteShell implements Workspace.Shell {
  private final KubernetesClient client;
  private final Map<String, String> env;
  private final String namespace;
  private final String pod;
  private final String container;

  public RemoteShell(
      KubernetesClient client,
      Map<String, String> env,
      String namespace,
      String pod,
      String container) {
    this.client = client;
    this.env = env;
    this.namespace = namespace;
    this.pod = pod;
    this.container = container;
  }

  @Override
  public Workspace.Captured run(List<String> command, byte[] stdin)
      throws IOException, InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Optional<Path> kubectl = Terminal.kubectl(env);
    if (kubectl.isEmpty()) {
      try (ExecWatch exec =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .inContainer(container)
              .redirectingInput()
              .writingOutput(out)
              .writingError(err)
              .exec(command.toArray(String[]::new))) {
        exec.getInput().write(stdin);
        exec.getInput().flush();
        int exit = Terminal.exitCode(exec);
        return new Workspace.Captured(
            exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
      }
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                kubectl.get().toString(),
                "exec",
                "-i",
                "-n",
                namespace,
                pod,
                "-c",
                container,
                "--"));
    args.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(args);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    Thread feed =
        new Thread(
            () -> {
              try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
              } catch (IOException closedEarly) {
                // the command ended without reading everything; its exit status says why
              }
            },
            "exec-stdin");
    feed.start();
    Thread errors = new Thread(() -> copy(process.getErrorStream(), err), "exec-stderr");
    errors.start();
    copy(process.getInputStream(), out);
    int exit = process.waitFor();
    feed.join();
    errors.join();
    return new Workspace.Captured(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(InputStream from, OutputStream to) {
    try (from) {
      from.transferTo(to);
    } catch (IOException closed) {
      // the process ended
    }
  }
}
