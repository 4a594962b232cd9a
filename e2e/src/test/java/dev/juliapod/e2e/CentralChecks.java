package dev.juliapod.e2e;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What `bin/bench scale --central` holds the operator to, said line by line as "ok" or "FAILED",
 * and what is left where: the bench is the only judge of a run, so a miss must not read like a
 * figure.
 */
final class CentralChecks {
  private final KubernetesClient client;
  private final List<String> failures = new ArrayList<>();

  CentralChecks(KubernetesClient client) {
    this.client = client;
  }

  void check(boolean ok, String what) {
    System.out.println((ok ? "  ok: " : "  FAILED: ") + what);
    if (!ok) {
      failures.add(what);
    }
  }

  boolean passed() {
    return failures.isEmpty();
  }

  List<String> failures() {
    return failures;
  }

  /** What builds leave in {@code namespace}: sysimages, Jobs, build contexts and build pods. */
  List<String> buildObjects(String namespace) {
    List<HasMetadata> found = new ArrayList<>();
    found.addAll(client.resources(JuliaSysimage.class).inNamespace(namespace).list().getItems());
    found.addAll(client.batch().v1().jobs().inNamespace(namespace).list().getItems());
    found.addAll(
        client
            .configMaps()
            .inNamespace(namespace)
            .withLabel(Labels.COMPONENT, Labels.BUILD)
            .list()
            .getItems());
    found.addAll(
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(Labels.COMPONENT, Labels.BUILD)
            .list()
            .getItems());
    return names(found);
  }

  /**
   * Everything of the kinds builds make in the build namespace, labelled or not: nothing else of
   * the bench's lives there, so anything is a leftover.
   */
  List<String> anything(String namespace) {
    List<HasMetadata> found = new ArrayList<>();
    found.addAll(client.resources(JuliaSysimage.class).inNamespace(namespace).list().getItems());
    found.addAll(client.batch().v1().jobs().inNamespace(namespace).list().getItems());
    found.addAll(client.configMaps().inNamespace(namespace).list().getItems());
    found.addAll(client.pods().inNamespace(namespace).list().getItems());
    found.addAll(client.persistentVolumeClaims().inNamespace(namespace).list().getItems());
    return names(found);
  }

  /**
   * What session objects are left in {@code namespace}: pods, claims, ConfigMaps, cookie Secrets,
   * and workers' pods, Services and NetworkPolicies.
   */
  int sessionObjects(String namespace) {
    List<MixedOperation<? extends HasMetadata, ?, ?>> kinds =
        List.of(
            client.pods(),
            client.persistentVolumeClaims(),
            client.configMaps(),
            client.secrets(),
            client.services(),
            client.network().v1().networkPolicies());
    return (int)
        kinds.stream()
            .mapToLong(
                kind ->
                    kind.inNamespace(namespace)
                            .withLabel(Labels.COMPONENT, Labels.SESSION)
                            .resources()
                            .count()
                        + kind.inNamespace(namespace)
                            .withLabel(Labels.COMPONENT, Labels.WORKER)
                            .resources()
                            .count())
            .sum();
  }

  /**
   * When the build namespace's sysimages were gone (the operator's part) and when everything was
   * (the garbage collector's, after them), from a moment the caller chose; null: not by the end.
   */
  record Emptied(Duration sysimagesGone, Duration allGone) {}

  /**
   * Polls {@code namespace} once a second until {@link #anything} is empty or {@code timeout}
   * passed, printing what was left then.
   */
  Emptied awaitEmpty(String namespace, long since, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration sysimagesGone = null;
    while (true) {
      List<String> left = anything(namespace);
      Duration now = Duration.ofNanos(System.nanoTime() - since);
      if (sysimagesGone == null && left.stream().noneMatch(o -> o.startsWith("JuliaSysimage "))) {
        sysimagesGone = now;
      }
      if (left.isEmpty()) {
        return new Emptied(sysimagesGone, now);
      }
      if (System.nanoTime() >= deadline) {
        System.out.printf(
            "  left in %s after %s: %d, e.g. %s%n",
            namespace, timeout, left.size(), left.subList(0, Math.min(10, left.size())));
        return new Emptied(sysimagesGone, null);
      }
      Thread.sleep(1000);
    }
  }

  private static List<String> names(List<HasMetadata> found) {
    return found.stream().map(o -> o.getKind() + " " + o.getMetadata().getName()).toList();
  }
}
