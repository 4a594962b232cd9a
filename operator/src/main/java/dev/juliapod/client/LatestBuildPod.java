package dev.juliapod.client;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.Optional;

/** The build pod whose log the command line shows. */
public final class LatestBuildPod {
  private LatestBuildPod() {}

  /**
   * Where a JuliaPod's sysimage is built: the namespace its status names (the operator's build
   * namespace with central builds), else its own.
   */
  public static String namespaceOf(JuliaPod pod) {
    String named = pod.getStatus() == null ? null : pod.getStatus().sysimageNamespace;
    return named != null ? named : pod.getMetadata().getNamespace();
  }

  /**
   * The newest build pod of a sysimage: a retried or disrupted build leaves older pods of the same
   * Job, and the newest is the one whose log says what happens now.
   */
  public static Optional<Pod> of(KubernetesClient client, String namespace, String sysimage) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(Labels.SYSIMAGE, sysimage)
        .withLabel(Labels.COMPONENT, Labels.BUILD)
        .list()
        .getItems()
        .stream()
        .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
  }
}
