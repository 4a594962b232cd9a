package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.client.LatestBuildPod;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "The session's output, or with --build the sysimage build's log.")
final class LogsCommand extends NamedCommand {
  @Option(names = "--build", description = "The Kaniko build's log instead of the session's.")
  boolean build;

  @Option(
      names = "--prepare",
      description =
          "The log of the session's prepare step, which"
              + " installs and precompiles the project's packages before the REPL starts.")
  boolean prepare;

  @Override
  int run(KubernetesClient client, String ns, String jp, PrintWriter out, PrintWriter err) {
    JuliaPod pod = client.resources(JuliaPod.class).inNamespace(ns).withName(jp).get();
    if (pod == null || pod.getStatus() == null) {
      err.println(
          "juliapod logs: no JuliaPod " + ns + "/" + jp + (pod == null ? "" : " status yet"));
      return 1;
    }
    String where = build ? LatestBuildPod.namespaceOf(pod) : ns;
    try {
      String podName =
          build ? buildPod(client, where, pod.getStatus().sysimage) : pod.getStatus().pod;
      if (podName == null) {
        err.println(
            "juliapod logs: "
                + ns
                + "/"
                + jp
                + " has no "
                + (build ? "build" : "session")
                + " pod now"
                + (build ? " (finished builds are removed after 24 hours)" : ""));
        return 1;
      }
      var resource = client.pods().inNamespace(where).withName(podName);
      out.print(
          build
              ? resource.getLog()
              : resource.inContainer(prepare ? SessionPod.PREPARE : SessionPod.REPL).getLog());
      return 0;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 || !build) {
        throw e;
      }
      // Central builds: the build namespace may be the platform team's alone.
      err.println(
          "juliapod logs: "
              + ns
              + "/"
              + jp
              + " is built in namespace "
              + where
              + ", whose pods you may not read; `juliapod status "
              + jp
              + "` shows how the build went, or ask whoever runs the operator for its log");
      return 1;
    }
  }

  private static String buildPod(KubernetesClient client, String ns, String sysimage) {
    if (sysimage == null) {
      return null;
    }
    return LatestBuildPod.of(client, ns, sysimage).map(p -> p.getMetadata().getName()).orElse(null);
  }
}
