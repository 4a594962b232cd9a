package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.operator.Conflicts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;

/** `stop` and `start`: spec.session.suspend, which stops the pod and keeps everything else. */
abstract class SuspendCommand extends NamedCommand {
  abstract boolean suspend();

  @Override
  int run(KubernetesClient client, String ns, String jp, PrintWriter out, PrintWriter err) {
    var resource = client.resources(JuliaPod.class).inNamespace(ns).withName(jp);
    JuliaPod current = resource.get();
    if (current == null) {
      err.println("juliapod " + spec.name() + ": no JuliaPod " + ns + "/" + jp);
      return 1;
    }
    boolean suspended =
        current.getSpec().session != null && Boolean.TRUE.equals(current.getSpec().session.suspend);
    if (suspend() != suspended) {
      current =
          Conflicts.edit(
              resource,
              pod -> {
                if (pod.getSpec().session == null) {
                  pod.getSpec().session = new SessionSpec();
                }
                pod.getSpec().session.suspend = suspend() ? Boolean.TRUE : null;
                return pod;
              });
    }
    if (!suspend() && !suspended && Resume.ifIdle(client, current, out) != current) {
      return 0;
    }
    out.println(
        suspend()
            ? "Stopping "
                + ns
                + "/"
                + jp
                + ": the pod goes, the workspace and sysimage stay."
                + " `juliapod start "
                + jp
                + "` brings it back."
            : "Starting "
                + ns
                + "/"
                + jp
                + "; `juliapod repl` or `juliapod status "
                + jp
                + "` to follow.");
    return 0;
  }
}
