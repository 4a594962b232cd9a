package dev.juliapod.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which waits of a build pod are the depot cache's, in the words the cluster writes. */
class BuildPodsVolumeTest {
  static Pod pending(String unschedulable) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("jsi-a-build-x1")
            .endMetadata()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus();
    if (unschedulable != null) {
      pod.editStatus()
          .addNewCondition()
          .withType("PodScheduled")
          .withStatus("False")
          .withReason("Unschedulable")
          .withMessage(unschedulable)
          .endCondition()
          .endStatus();
    }
    return pod.build();
  }

  static Event event(String reason, String message) {
    return new EventBuilder()
        .withNewInvolvedObject()
        .withKind("Pod")
        .withName("jsi-a-build-x1")
        .endInvolvedObject()
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  @Test
  void theSchedulersUnboundClaimIsTheCachesOtherReasonsAreNot() {
    assertThat(
            BuildPods.volumeBlocked(
                List.of(
                    pending(
                        "0/3 nodes are available: pod has unbound immediate"
                            + " PersistentVolumeClaims.")),
                List.of(),
                DepotCache.VOLUME))
        .isPresent();
    assertThat(
            BuildPods.volumeBlocked(
                List.of(pending("0/3 nodes are available: 3 Insufficient memory.")),
                List.of(),
                DepotCache.VOLUME))
        .isEmpty();
  }

  @Test
  void aFailedMountCountsOnlyWhenItNamesTheCachesVolume() {
    List<Pod> pod = List.of(pending(null));
    assertThat(
            BuildPods.volumeBlocked(
                pod,
                List.of(
                    event(
                        "FailedMount",
                        "Unable to attach or mount volumes: unmounted volumes=[context],"
                            + " unattached volumes=[]: timed out waiting for the condition")),
                DepotCache.VOLUME))
        .as("a context ConfigMap that is gone is not the cache's fault")
        .isEmpty();
    assertThat(
            BuildPods.volumeBlocked(
                pod,
                List.of(
                    event(
                        "FailedMount",
                        "Unable to attach or mount volumes: unmounted volumes=[depot-cache],"
                            + " unattached volumes=[depot-cache]: timed out waiting for the"
                            + " condition")),
                DepotCache.VOLUME))
        .isPresent();
    assertThat(
            BuildPods.volumeBlocked(
                pod,
                List.of(
                    event(
                        "FailedAttachVolume",
                        "Multi-Attach error for volume \"pvc-1\" Volume is already used by pod(s)"
                            + " jsi-b-build-x1")),
                DepotCache.VOLUME))
        .isPresent();
  }
}
