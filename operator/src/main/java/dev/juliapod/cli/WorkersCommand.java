package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.WorkersSpec;
import dev.juliapod.session.SessionWorkers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Run N Distributed.jl worker pods beside the session (spec.workers.replicas, through the"
            + " scale subresource, as `kubectl scale jp NAME --replicas=N`), or, without N, show"
            + " them. In the REPL, `using JuliaPodWorkers; addworkers()` adds the ready ones."
            + " With one argument it is N, and the JuliaPod the one `juliapod repl` made for"
            + " this folder.")
final class WorkersCommand extends NamedCommand {
  @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "How many workers.")
  String count;

  @Override
  public Integer call() {
    if (count == null && name != null && name.chars().allMatch(Character::isDigit)) {
      count = name; // `juliapod workers 4` in a project folder
      name = null;
    }
    return super.call();
  }

  @Override
  int run(KubernetesClient client, String ns, String jp, PrintWriter out, PrintWriter err) {
    var resource = client.resources(JuliaPod.class).inNamespace(ns).withName(jp);
    Integer n = null;
    if (count != null) {
      try {
        n = Integer.valueOf(count);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0 || n > WorkersSpec.MAX_REPLICAS) {
        err.println(
            "juliapod workers: N must be a whole number from 0 to "
                + WorkersSpec.MAX_REPLICAS
                + ", not "
                + count);
        return 2;
      }
    }
    JuliaPod found = resource.get();
    if (found == null) {
      err.println("juliapod workers: no JuliaPod " + ns + "/" + jp);
      return 1;
    }
    if (n == null) {
      out.println(describe(found));
      return 0;
    }
    try {
      // The scale subresource, as kubectl scale: a GET and a PUT of its Scale; a write that
      // changes the count bumps the JuliaPod's generation (kubernetes
      // staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/etcd.go).
      resource.scale(n);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        err.println(
            "juliapod workers: the JuliaPod CRD on this cluster has no scale subresource: it"
                + " predates workers. Apply the CRDs of this version first (kubectl apply"
                + " --server-side -f crds/, README \"Upgrading\").");
        return 1;
      }
      throw e;
    }
    out.println(
        (n == 0 ? "Stopping the workers of " : "Asking for " + n + " workers for ")
            + ns
            + "/"
            + jp
            + (n == 0
                ? "."
                : "; `juliapod workers "
                    + jp
                    + "` shows how many are ready. In the REPL: using JuliaPodWorkers;"
                    + " addworkers()"));
    return 0;
  }

  static String describe(JuliaPod pod) {
    int desired = SessionWorkers.replicas(pod.getSpec().workers);
    var status = pod.getStatus();
    String where = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    if (desired == 0 && (status == null || status.workers == null)) {
      return where + ": no workers (juliapod workers " + pod.getMetadata().getName() + " N)";
    }
    String ready =
        status == null || status.workers == null || status.workers.readyReplicas == null
            ? "0"
            : status.workers.readyReplicas.toString();
    String said =
        status == null
            ? ""
            : status.conditions.stream()
                .filter(c -> "WorkersReady".equals(c.getType()))
                .map(c -> "\n  " + c.getReason() + ": " + c.getMessage())
                .findFirst()
                .orElse("");
    return where + ": " + ready + " of " + desired + " workers ready" + said;
  }
}
