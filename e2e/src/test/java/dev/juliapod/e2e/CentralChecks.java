package dev.juliapod.e2e;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
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

  /** What session objects are left in {@code namespace}: pods, claims, ConfigMaps. */
  int sessionObjects(String namespace) {
    return client
            .pods()
            .inNamespace(namespace)
            .withLabel(Labels.COMPONENT, Labels.SESSION)
            .list()
            .getItems()
            .size()
        + client
            .persistentVolumeClaims()
            .inNamespace(namespace)
            .withLabel(Labels.COMPONENT, Labels.SESSION)
            .list()
            .getItems()
            .size()
        + client
            .configMaps()
            .inNamespace(namespace)
            .withLabel(Labels.COMPONENT, Labels.SESSION)
            .list()
            .getItems()
            .size();
  }

  /**
   * Polls {@link #anything} in {@code namespace} once a second until it is empty or {@code timeout}
   * passed; returns how long it took, or null with what was left printed.
   */
  Duration awaitEmpty(String namespace, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    List<String> left = anything(namespace);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      left = anything(namespace);
    }
    if (left.isEmpty()) {
      return Duration.ofNanos(System.nanoTime() - start);
    }
    System.out.printf(
        "  left in %s after %s: %d, e.g. %s%n",
        namespace, timeout, left.size(), left.subList(0, Math.min(10, left.size())));
    return null;
  }

  private static List<String> names(List<HasMetadata> found) {
    return found.stream().map(o -> o.getKind() + " " + o.getMetadata().getName()).toList();
  }
}
