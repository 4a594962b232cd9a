package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.julia.InvalidEnvironmentException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "The session's output, or with --build the sysimage build's log.")
final class LogsCommand implements Callable<Integer> {
  @ParentCommand
  JuliapodCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  Target target;

  @Parameters(paramLabel = "NAME", arity = "0..1", description = "The JuliaPod.")
  String name;

  @Option(names = "--build", description = "The Kaniko build's log instead of the session's.")
  boolean build;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KubernetesClient client = parent.context().clients().get()) {
      String ns = target.namespace(client);
      String jp = Target.name(name, parent.context());
      JuliaPod pod = client.resources(JuliaPod.class).inNamespace(ns).withName(jp).get();
      if (pod == null || pod.getStatus() == null) {
        err.println("juliapod logs: no JuliaPod " + ns + "/" + jp + (pod == null ? ""
            : " status yet"));
        return 1;
      }
      String podName = build ? buildPod(client, ns, pod.getStatus().sysimage)
          : pod.getStatus().pod;
      if (podName == null) {
        err.println("juliapod logs: " + ns + "/" + jp + " has no " + (build ? "build" : "session")
            + " pod now" + (build ? " (finished builds are removed after 24 hours)" : ""));
        return 1;
      }
      var resource = client.pods().inNamespace(ns).withName(podName);
      out.print(build ? resource.getLog() : resource.inContainer("julia").getLog());
      out.flush();
      return 0;
    } catch (InvalidEnvironmentException e) {
      err.println("juliapod logs: give a NAME, or run it in a project folder (" + e.getMessage()
          + ")");
      return 2;
    } catch (Context.NoClusterException | KubernetesClientException e) {
      err.println("juliapod logs: " + Context.describe(e));
      return 1;
    }
  }

  private static String buildPod(KubernetesClient client, String ns, String sysimage) {
    if (sysimage == null) {
      return null;
    }
    return client.pods().inNamespace(ns).withLabel("juliapod.dev/sysimage", sysimage)
        .withLabel("app.kubernetes.io/component", "build").list().getItems().stream()
        .max(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp())))
        .map(p -> p.getMetadata().getName()).orElse(null);
  }
}
