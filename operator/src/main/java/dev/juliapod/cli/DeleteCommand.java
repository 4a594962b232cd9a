package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.julia.InvalidEnvironmentException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "delete", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Delete a JuliaPod: its session, workspace and (when no other JuliaPod uses"
        + " it) its sysimage resource. Images already pushed stay in the registry.")
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand
  JuliapodCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  Target target;

  @Parameters(paramLabel = "NAME", arity = "0..1", description = "The JuliaPod.")
  String name;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try (KubernetesClient client = parent.context().clients().get()) {
      String ns = target.namespace(client);
      String jp = Target.name(name, parent.context());
      var deleted = client.resources(JuliaPod.class).inNamespace(ns).withName(jp).delete();
      if (deleted.isEmpty()) {
        err.println("juliapod delete: no JuliaPod " + ns + "/" + jp);
        return 1;
      }
      out.println("Deleted JuliaPod " + ns + "/" + jp
          + "; Kubernetes removes its session pod and workspace.");
      out.flush();
      return 0;
    } catch (InvalidEnvironmentException e) {
      err.println("juliapod delete: give a NAME, or run it in a project folder ("
          + e.getMessage() + ")");
      return 2;
    } catch (Context.NoClusterException | KubernetesClientException e) {
      err.println("juliapod delete: " + Context.describe(e));
      return 1;
    }
  }
}
