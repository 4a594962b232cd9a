package dev.juliapod.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the user-facing commands take from the machine they run on: the cluster connection, the
 * environment (PATH for kubectl, USER), and whether output goes to a terminal. Tests give their
 * own.
 */
record Context(Supplier<KubernetesClient> clients, Map<String, String> env, boolean terminal) {

  static Context system() {
    Map<String, String> env = System.getenv();
    return new Context(
        () -> connect(env, Path.of(System.getProperty("user.home"))),
        env,
        System.console() != null);
  }

  /** Thrown when no cluster is configured; the message is the one line the user sees. */
  static final class NoClusterException extends RuntimeException {
    NoClusterException(String message) {
      super(message);
    }
  }

  static KubernetesClient connect(Map<String, String> env, Path home) {
    String paths = env.get("KUBECONFIG");
    if (paths != null
        && !paths.isBlank()
        && java.util.Arrays.stream(paths.split(java.io.File.pathSeparator))
            .noneMatch(p -> !p.isBlank() && Files.exists(Path.of(p)))) {
      throw new NoClusterException(
          "KUBECONFIG is "
              + paths
              + ", which does not exist: point"
              + " it at a kubeconfig file, or unset it to use ~/.kube/config");
    }
    boolean kubeconfig =
        env.containsKey("KUBECONFIG") || Files.exists(home.resolve(".kube").resolve("config"));
    boolean inCluster = env.containsKey("KUBERNETES_SERVICE_HOST");
    if (!kubeconfig && !inCluster) {
      throw new NoClusterException(
          "no cluster configured: point KUBECONFIG at a kubeconfig"
              + " file or create ~/.kube/config (for a local cluster: `kind create cluster`)");
    }
    return new KubernetesClientBuilder().build();
  }

  /** One line for a failure to reach the cluster. */
  static String describe(RuntimeException e) {
    if (e instanceof NoClusterException) {
      return e.getMessage();
    }
    Throwable root = rootCause(e);
    String detail = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return "the Kubernetes API said no: " + detail;
  }

  /** The exception at the bottom of a chain: the one that says what actually failed. */
  static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  String user() {
    String user = env.get("USER");
    return user != null && !user.isBlank() ? user : System.getProperty("user.name", "me");
  }
}
