package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Phase;
import dev.juliapod.client.Progress;
import dev.juliapod.client.ReadyWait;
import dev.juliapod.session.SessionHealth;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * `juliapod repl` waiting for its JuliaPod: progress while it builds and starts, and on a failure,
 * a timeout or Ctrl-C, what happened and how to come back.
 */
final class ReplWait {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Path dir;

  ReplWait(PrintWriter out, PrintWriter err, Path dir) {
    this.out = out;
    this.err = err;
    this.dir = dir;
  }

  /** The Ready JuliaPod, or null when the caller should exit 1 (said on stderr). */
  JuliaPod ready(KubernetesClient client, JuliaPod pod, Context context, Duration timeout)
      throws InterruptedException {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    ReadyWait.Outcome outcome = await(client, pod, context, timeout);
    if (outcome.timedOut()) {
      err.println(
          "juliapod repl: "
              + ns
              + "/"
              + name
              + " is not ready after "
              + timeout
              + "; it keeps going. Come back with: juliapod repl "
              + dir);
      return null;
    }
    if (!Phase.READY.is(outcome.phase())) {
      err.println(
          "juliapod repl: "
              + ns
              + "/"
              + name
              + " "
              + outcome.phase()
              + ": "
              + outcome.pod().getStatus().message);
      err.println(
          "See `juliapod status "
              + name
              + "` and `juliapod logs "
              + name
              + (sessionFailed(outcome.pod())
                  ? " --prepare` (or without --prepare, the REPL's)"
                  : " --build`")
              + "; fix the project and run juliapod repl again.");
      return null;
    }
    // The same hint `juliapod plan` prints: why there is no sysimage, and how to get one.
    outcome.pod().getStatus().conditions.stream()
        .filter(c -> "SysimageReady".equals(c.getType()) && "NothingToBake".equals(c.getReason()))
        .findFirst()
        .ifPresent(c -> out.println("No sysimage: " + c.getMessage()));
    return outcome.pod();
  }

  /** Waits with progress; on Ctrl-C the JVM exits (130) after the hint below. */
  private ReadyWait.Outcome await(
      KubernetesClient client, JuliaPod pod, Context context, Duration timeout)
      throws InterruptedException {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    AtomicBoolean waiting = new AtomicBoolean(true);
    Thread hint =
        new Thread(
            () -> {
              if (waiting.get()) {
                err.println();
                err.println(
                    "juliapod repl: stopped waiting; "
                        + ns
                        + "/"
                        + name
                        + " carries on in"
                        + " the cluster. Come back with: juliapod repl "
                        + dir);
                err.flush();
              }
            });
    Runtime.getRuntime().addShutdownHook(hint);
    try {
      return new ReadyWait(client, new Progress(out, context.terminal()), Duration.ofSeconds(1))
          .await(ns, name, pod.getMetadata().getGeneration(), timeout);
    } finally {
      waiting.set(false);
      try {
        Runtime.getRuntime().removeShutdownHook(hint);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hint prints.
      }
    }
  }

  private static boolean sessionFailed(JuliaPod pod) {
    return pod.getStatus().conditions.stream()
        .anyMatch(
            c ->
                "SessionReady".equals(c.getType())
                    && "False".equals(c.getStatus())
                    && SessionHealth.failing(c.getReason()));
  }
}
