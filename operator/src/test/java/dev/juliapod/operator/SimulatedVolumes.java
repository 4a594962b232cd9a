package dev.juliapod.operator;

import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims, and build pods that mount them, as the cluster treats them: a provisioner binds a depot
 * cache claim unless its class cannot provision, the scheduler does not place a pod whose claim is
 * unbound (kubernetes pkg/scheduler/framework/plugins/volumebinding: "pod has unbound immediate
 * PersistentVolumeClaims"), and a ReadWriteOnce volume in use by a running pod on one node is not
 * attached for a pod on another (the attach-detach controller's FailedAttachVolume event,
 * "Multi-Attach error for volume ... Volume is already used by pod(s) ..."). Build pods are placed
 * on node-2; a test puts a holder elsewhere.
 */
public final class SimulatedVolumes {
  static final String BUILD_NODE = "node-2";
  private final KubernetesClient client;
  private final Set<String> unprovisionable = ConcurrentHashMap.newKeySet();

  /** Why a build pod cannot have its volume. */
  record Blocked(boolean scheduled, String message) {}

  SimulatedVolumes(KubernetesClient client) {
    this.client = client;
  }

  /** Claims of this storage class stay Pending, as with a class whose provisioner fails. */
  public void cannotProvision(String storageClass) {
    unprovisionable.add(storageClass);
  }

  /** Workspace claims are left as the mock has them: no test reads their phase. */
  void provision() {
    for (PersistentVolumeClaim claim :
        client
            .persistentVolumeClaims()
            .inAnyNamespace()
            .withLabel(Labels.COMPONENT, "depot-cache")
            .list()
            .getItems()) {
      if (claim.getStatus() == null || claim.getStatus().getPhase() == null) {
        // No class (null) is the default class, which provisions; "" asks for no class, and no
        // volume made by hand is waiting for it here.
        String cls = claim.getSpec().getStorageClassName();
        boolean binds = cls == null || (!cls.isEmpty() && !unprovisionable.contains(cls));
        claim.setStatus(
            new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
                .withPhase(binds ? "Bound" : "Pending")
                .withAccessModes(claim.getSpec().getAccessModes())
                .build());
        client.resource(claim).updateStatus();
      }
    }
  }

  Optional<Blocked> blocked(Job job) {
    String ns = job.getMetadata().getNamespace();
    for (Volume volume : job.getSpec().getTemplate().getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() == null) {
        continue;
      }
      String name = volume.getPersistentVolumeClaim().getClaimName();
      PersistentVolumeClaim claim =
          client.persistentVolumeClaims().inNamespace(ns).withName(name).get();
      if (claim == null) {
        return Optional.of(
            new Blocked(
                false,
                "0/1 nodes are available: persistentvolumeclaim \"" + name + "\" not found."));
      }
      if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
        return Optional.of(
            new Blocked(
                false,
                "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims."
                    + " preemption: 0/1 nodes are available: 1 Preemption is not helpful for"
                    + " scheduling."));
      }
      if (claim.getSpec().getAccessModes().contains("ReadWriteMany")) {
        continue;
      }
      Optional<Pod> holder =
          client.pods().inNamespace(ns).list().getItems().stream()
              .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
              .filter(p -> p.getSpec().getNodeName() != null)
              .filter(p -> !BUILD_NODE.equals(p.getSpec().getNodeName()))
              .filter(p -> mounts(p, name))
              .findFirst();
      if (holder.isPresent()) {
        return Optional.of(
            new Blocked(
                true,
                "Multi-Attach error for volume \"pvc-"
                    + claim.getMetadata().getUid()
                    + "\" Volume is already used by pod(s) "
                    + holder.get().getMetadata().getName()));
      }
    }
    return Optional.empty();
  }

  private static boolean mounts(Pod pod, String claim) {
    return pod.getSpec().getVolumes().stream()
        .anyMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  /** The Job's pod, made once, Pending as the scheduler or the attach-detach controller left it. */
  void blockedPod(Job job, Blocked blocked) {
    String uid = job.getMetadata().getUid();
    List<Pod> existing =
        client
            .pods()
            .inNamespace(job.getMetadata().getNamespace())
            .withLabel("batch.kubernetes.io/controller-uid", uid)
            .list()
            .getItems();
    if (!existing.isEmpty()) {
      return;
    }
    Pod pod = SimulatedCluster.jobPod(client, job);
    if (blocked.scheduled()) {
      pod.getSpec().setNodeName(BUILD_NODE);
    }
    client.resource(pod).create();
    PodStatus written =
        blocked.scheduled()
            ? SimulatedCluster.containerCreating()
            : new PodBuilder()
                .withNewStatus()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(blocked.message())
                .endCondition()
                .endStatus()
                .build()
                .getStatus();
    pod.setStatus(written);
    client.resource(pod).updateStatus();
    if (blocked.scheduled()) {
      client
          .v1()
          .events()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName() + ".attach")
                  .withNamespace(pod.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withKind("Pod")
                  .withName(pod.getMetadata().getName())
                  .withNamespace(pod.getMetadata().getNamespace())
                  .endInvolvedObject()
                  .withReason("FailedAttachVolume")
                  .withType("Warning")
                  .withMessage(blocked.message())
                  .withNewSource()
                  .withComponent("attachdetach-controller")
                  .endSource()
                  .withLastTimestamp(Instant.now().toString())
                  .build())
          .create();
    }
  }
}
