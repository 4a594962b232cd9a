package dev.juliapod.cli;

import dev.juliapod.julia.InvalidEnvironmentException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command about one JuliaPod (status, logs, stop, start, delete): finds the cluster, the
 * namespace and the name, and turns what goes wrong on the way into one line and an exit code.
 */
abstract class NamedCommand implements Callable<Integer> {
  @ParentCommand JuliaPodCommand parent;

  @Spec CommandSpec spec;

  @Mixin Target target;

  @Parameters(
      paramLabel = "NAME",
      arity = "0..1",
      description = "The JuliaPod; default: the one `juliapod repl` made for this folder.")
  String name;

  /**
   * @return the exit code
   */
  abstract int run(
      KubernetesClient client, String namespace, String name, PrintWriter out, PrintWriter err);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String command = "juliapod " + spec.name() + ": ";
    try (KubernetesClient client = parent.context().clients().get()) {
      int exit =
          run(client, target.namespace(client), Target.name(name, parent.context()), out, err);
      out.flush();
      return exit;
    } catch (InvalidEnvironmentException e) {
      err.println(command + "give a NAME, or run it in a project folder (" + e.getMessage() + ")");
      return 2;
    } catch (Context.NoClusterException | KubernetesClientException e) {
      err.println(command + Context.describe(e));
      return 1;
    }
  }
}
