package dev.juliapod.cli;

import dev.juliapod.client.LocalProject;
import dev.juliapod.client.SessionName;
import dev.juliapod.julia.InvalidEnvironmentException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which JuliaPod a command is about: a name, or the one `juliapod repl` made for a folder. */
final class Target {
  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace; default: the kubeconfig context's, or default.")
  String namespace;

  String namespace(KubernetesClient client) {
    if (namespace != null) {
      return namespace;
    }
    return client.getNamespace() != null ? client.getNamespace() : "default";
  }

  /** NAME as given, or the name `juliapod repl` derives for the project in the current folder. */
  static String name(String given, Context context) throws InvalidEnvironmentException {
    if (given != null) {
      return given;
    }
    return SessionName.derive(LocalProject.load(Path.of("")).name(), context.user());
  }
}
