package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Delete a JuliaPod: its session, workspace and (when no other JuliaPod uses"
            + " it) its sysimage resource. Images already pushed stay in the registry.")
final class DeleteCommand extends NamedCommand {
  @Override
  int run(KubernetesClient client, String ns, String jp, PrintWriter out, PrintWriter err) {
    var deleted = client.resources(JuliaPod.class).inNamespace(ns).withName(jp).delete();
    if (deleted.isEmpty()) {
      err.println("juliapod delete: no JuliaPod " + ns + "/" + jp);
      return 1;
    }
    out.println(
        "Deleted JuliaPod "
            + ns
            + "/"
            + jp
            + "; Kubernetes removes its session pod and workspace.");
    return 0;
  }
}
