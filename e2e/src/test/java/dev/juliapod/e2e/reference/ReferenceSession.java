package dev.juliapod.e2e.reference;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.session.SessionFiles;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference's session objects, named and labelled as juliapod names and labels them ({@code
 * Planner}: `<name>-repl`, `<name>-workspace`; {@code SessionObjects}: `<name>-session`, {@link
 * Labels#session}), so the simulated kubelet (WatchedCluster) starts the pod as it starts
 * juliapod's. The ConfigMap holds what juliapod's holds (the project and the session scripts), so
 * the two carry about the same bytes; the pod is minimal: one container, the image, the two
 * volumes.
 */
final class ReferenceSession {
  /**
   * "Every sysimage already built": the image is taken as given, never looked up or built. The
   * simulated kubelet pulls nothing.
   */
  static final String IMAGE = "registry.invalid/juliapod/reference:built";

  private ReferenceSession() {}

  static String podName(String juliaPod) {
    return juliaPod + "-repl";
  }

  static PersistentVolumeClaim claim(JuliaPod owner) {
    var session = owner.getSpec().session;
    String size = session == null || session.workspace == null ? "10Gi" : session.workspace.size;
    return new PersistentVolumeClaimBuilder()
        .withMetadata(meta(owner, "-workspace"))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(size)))
        .endResources()
        .endSpec()
        .build();
  }

  static ConfigMap configMap(JuliaPod owner) {
    Map<String, String> data = new LinkedHashMap<>();
    var project = owner.getSpec().project;
    if (project != null && project.inline != null) {
      data.put("Project.toml", project.inline.projectToml);
      data.put("Manifest.toml", project.inline.manifestToml);
    }
    data.put(SessionFiles.PREPARE, SessionFiles.prepareScript());
    data.put(SessionFiles.REPL, SessionFiles.replScript());
    return new ConfigMapBuilder().withMetadata(meta(owner, "-session")).withData(data).build();
  }

  static Pod pod(JuliaPod owner) {
    String name = owner.getMetadata().getName();
    return new PodBuilder()
        .withMetadata(meta(owner, "-repl"))
        .withNewSpec()
        .addNewContainer()
        .withName("julia")
        .withImage(IMAGE)
        .withStdin(true)
        .withTty(true)
        .addNewVolumeMount()
        .withName("workspace")
        .withMountPath(SessionFiles.WORKSPACE)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("session")
        .withMountPath(SessionFiles.SOURCE)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("workspace")
        .withNewPersistentVolumeClaim()
        .withClaimName(name + "-workspace")
        .endPersistentVolumeClaim()
        .endVolume()
        .addNewVolume()
        .withName("session")
        .withNewConfigMap()
        .withName(name + "-session")
        .endConfigMap()
        .endVolume()
        .endSpec()
        .build();
  }

  /** As the kubelet reports it (and SimulatedCluster.markReady writes it): condition Ready. */
  static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Labelled as juliapod's, owned by the JuliaPod as controller, so its GC would remove it. */
  private static ObjectMeta meta(HasMetadata owner, String suffix) {
    String name = owner.getMetadata().getName();
    return new ObjectMetaBuilder()
        .withName(name + suffix)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.session(name))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(name)
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .build();
  }
}
