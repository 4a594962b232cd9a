package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.julia.InvalidEnvironmentException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `stop` and `start`: spec.session.suspend, which stops the pod and keeps everything else. */
abstract class SuspendCommand implements Callable<Integer> {
  @ParentCommand
  JuliapodCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  Target target;

  @Parameters(paramLabel = "NAME", arity = "0..1", description = "The JuliaPod.")
  String name;

  abstract boolean suspend();

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    String verb = spec.name();
    try (KubernetesClient client = parent.context().clients().get()) {
      String ns = target.namespace(client);
      String jp = Target.name(name, parent.context());
      var resource = client.resources(JuliaPod.class).inNamespace(ns).withName(jp);
      if (resource.get() == null) {
        err.println("juliapod " + verb + ": no JuliaPod " + ns + "/" + jp);
        return 1;
      }
      resource.edit(pod -> {
        if (pod.getSpec().session == null) {
          pod.getSpec().session = new SessionSpec();
        }
        pod.getSpec().session.suspend = suspend() ? Boolean.TRUE : null;
        return pod;
      });
      out.println(suspend()
          ? "Stopping " + ns + "/" + jp + ": the pod goes, the workspace and sysimage stay."
              + " `juliapod start " + jp + "` brings it back."
          : "Starting " + ns + "/" + jp + "; `juliapod repl` or `juliapod status " + jp
              + "` to follow.");
      out.flush();
      return 0;
    } catch (InvalidEnvironmentException e) {
      err.println("juliapod " + verb + ": give a NAME, or run it in a project folder ("
          + e.getMessage() + ")");
      return 2;
    } catch (Context.NoClusterException | KubernetesClientException e) {
      err.println("juliapod " + verb + ": " + Context.describe(e));
      return 1;
    }
  }
}
