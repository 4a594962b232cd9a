package dev.juliapod.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Connects the user's terminal to the session. kubectl does TTYs, resizes and detaching properly,
 * so it is used whenever it is on PATH; fabric8's attach and exec are the fallback.
 */
public final class Terminal {
  private final KubernetesClient client;
  private final Map<String, String> env;
  private final String namespace;
  private final String pod;

  public Terminal(KubernetesClient client, Map<String, String> env, String namespace, String pod) {
    this.client = client;
    this.env = env;
    this.namespace = namespace;
    this.pod = pod;
  }

  /** kubectl from PATH, as a shell would find it. */
  public static Optional<Path> kubectl(Map<String, String> env) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Attaches to the REPL until the user leaves; forwards ports (LOCAL:REMOTE) meanwhile. */
  public int attach(String container, List<String> ports) throws IOException, InterruptedException {
    List<Closeable> forwards = new ArrayList<>();
    try {
      for (String port : ports) {
        forwards.add(PortForward.open(client, env, namespace, pod, port));
      }
      Optional<Path> kubectl = kubectl(env);
      if (kubectl.isPresent()) {
        return run(kubectl.get(), List.of("attach", "-it", "-n", namespace, pod, "-c", container));
      }
      return attachWithFabric8(container);
    } finally {
      for (Closeable forward : forwards) {
        forward.close();
      }
    }
  }

  /** Runs a command in the session container, streaming its output; its exit status. */
  public int exec(String container, List<String> command) throws IOException, InterruptedException {
    Optional<Path> kubectl = kubectl(env);
    if (kubectl.isPresent()) {
      List<String> args =
          new ArrayList<>(List.of("exec", "-n", namespace, pod, "-c", container, "--"));
      args.addAll(command);
      return run(kubectl.get(), args);
    }
    try (ExecWatch exec =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .writingOutput(System.out)
            .writingError(System.err)
            .exec(command.toArray(String[]::new))) {
      return exitCode(exec);
    }
  }

  /** fabric8 completes the exit code with null when the stream ends without a status. */
  static int exitCode(ExecWatch exec) throws IOException {
    Integer code = exec.exitCode().join();
    if (code == null) {
      throw new IOException(
          "the command ended without an exit status: the pod restarted or"
              + " the connection to it dropped");
    }
    return code;
  }

  private int run(Path kubectl, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start().waitFor();
  }

  private int attachWithFabric8(String container) throws IOException, InterruptedException {
    boolean raw = stty("raw", "-echo");
    CountDownLatch closed = new CountDownLatch(1);
    try (ExecWatch attach =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .redirectingInput()
            .writingOutput(System.out)
            .writingError(System.err)
            .withTTY()
            .usingListener(
                new io.fabric8.kubernetes.client.dsl.ExecListener() {
                  @Override
                  public void onClose(int code, String reason) {
                    closed.countDown();
                  }
                })
            .attach()) {
      OutputStream in = attach.getInput();
      byte[] buffer = new byte[1024];
      while (closed.getCount() > 0) {
        int available = System.in.available();
        if (available > 0) {
          int n = System.in.read(buffer, 0, Math.min(buffer.length, available));
          if (n < 0) {
            break;
          }
          in.write(buffer, 0, n);
          in.flush();
        } else {
          closed.await(20, TimeUnit.MILLISECONDS);
        }
      }
      return 0;
    } finally {
      if (raw) {
        stty("sane");
      }
    }
  }

  /** Puts the local terminal in or out of raw mode, so keys reach the REPL one by one. */
  private static boolean stty(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of("stty"));
      command.addAll(List.of(args));
      return new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
              .start()
              .waitFor()
          == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
