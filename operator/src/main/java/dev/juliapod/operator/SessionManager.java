package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.julia.Sha256;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.ProjectFiles;
import dev.juliapod.session.SessionObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The session objects of a JuliaPod once its image exists. A pod whose desired spec changed
 * (new image, resources, env) is deleted and created again on the next event: pods cannot be
 * edited in place, and an attached terminal sees the REPL end.
 */
final class SessionManager {
  static final String TEMPLATE_HASH = "juliapod.dev/pod-template-hash";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** What the session is doing, for the JuliaPod status. */
  enum State { STARTING, READY, SUSPENDED, REPLACING }

  private SessionManager() {}

  static State ensure(KubernetesClient client, JuliaPod owner, Plan plan, ProjectFiles files,
      String image) {
    String ns = plan.namespace();
    Owners.createIfAbsent(client, Owners.ownedBy(SessionObjects.workspace(plan), owner));
    ConfigMap desiredFiles = Owners.ownedBy(SessionObjects.files(plan, files), owner);
    ConfigMap currentFiles = client.configMaps().inNamespace(ns)
        .withName(desiredFiles.getMetadata().getName()).get();
    if (currentFiles == null) {
      Owners.createIfAbsent(client, desiredFiles);
    } else if (!Objects.equals(currentFiles.getData(), desiredFiles.getData())) {
      client.configMaps().inNamespace(ns).withName(desiredFiles.getMetadata().getName())
          .edit(c -> {
            c.setData(desiredFiles.getData());
            return c;
          });
    }

    Pod current = client.pods().inNamespace(ns).withName(plan.podName()).get();
    if (Boolean.TRUE.equals(plan.session().suspend)) {
      if (current != null) {
        client.resource(current).delete();
      }
      return State.SUSPENDED;
    }
    Pod desired = Owners.ownedBy(SessionObjects.pod(plan, image), owner);
    String hash = hash(desired);
    desired.getMetadata().setAnnotations(Map.of(TEMPLATE_HASH, hash));
    if (current == null) {
      Owners.createIfAbsent(client, desired);
      return State.STARTING;
    }
    String currentHash = current.getMetadata().getAnnotations() == null ? null
        : current.getMetadata().getAnnotations().get(TEMPLATE_HASH);
    if (!hash.equals(currentHash)) {
      if (current.getMetadata().getDeletionTimestamp() == null) {
        client.resource(current).delete();
      }
      return State.REPLACING;
    }
    return ready(current) ? State.READY : State.STARTING;
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null && Objects.requireNonNullElse(pod.getStatus().getConditions(),
        List.<PodCondition>of()).stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String hash(Pod pod) {
    return Sha256.hex(YAML.asYaml(pod.getSpec())).substring(0, 16);
  }
}
