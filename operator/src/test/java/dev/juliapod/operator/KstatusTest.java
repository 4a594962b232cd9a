package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.operator.StatusConditions.State;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What Flux (and kubectl's kstatus-based waits) make of the statuses the operator writes. {@link
 * #compute} transcribes kstatus' `Compute` for a custom resource (cli-utils pkg/kstatus/status:
 * checkGenericProperties, checkGeneration, then checkReadyCondition, where a Ready condition False
 * or Unknown is InProgress, and the "no known conditions means Current" fallback; read at
 * kubernetes-sigs/cli-utils 5895ad6, status.go Compute and checkReadyCondition); Flux's `wait:
 * true` passes on Current, fails on Failed, waits otherwise.
 */
class KstatusTest {
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  static String compute(HasMetadata resource) throws Exception {
    JsonNode u = new ObjectMapper().readTree(K8S.asJson(resource));
    if (!u.path("metadata").path("deletionTimestamp").asText().isEmpty()) {
      return "Terminating";
    }
    JsonNode generation = u.path("metadata").path("generation");
    JsonNode observed = u.path("status").path("observedGeneration");
    if (generation.isNumber() && observed.isNumber() && observed.asLong() != generation.asLong()) {
      return "InProgress";
    }
    for (JsonNode c : u.path("status").path("conditions")) {
      if ("Reconciling".equals(c.path("type").asText())
          && "True".equals(c.path("status").asText())) {
        return "InProgress";
      }
      if ("Stalled".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        return "Failed";
      }
    }
    for (JsonNode c : u.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        String status = c.path("status").asText();
        if ("True".equals(status)) {
          return "Current";
        }
        if ("False".equals(status) || "Unknown".equals(status)) {
          return "InProgress";
        }
      }
    }
    return "Current";
  }

  static JuliaPod pod(long generation, State state) {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(new ObjectMetaBuilder().withName("hello").withGeneration(generation).build());
    if (state != null) {
      pod.setStatus(new dev.juliapod.api.JuliaPodStatus());
      StatusConditions.apply(
          pod.getStatus(), 2, state, Phase.BUILDING, "Reason", "msg", Instant.EPOCH);
    }
    return pod;
  }

  @Test
  void everyStateOfAJuliaPodReadsAsFluxShouldTreatIt() throws Exception {
    assertThat(compute(pod(2, State.PROGRESSING))).isEqualTo("InProgress");
    assertThat(compute(pod(2, State.READY))).isEqualTo("Current");
    assertThat(compute(pod(2, State.SUSPENDED)))
        .as("suspended is a state the user asked for: Ready stays True, or kstatus would wait")
        .isEqualTo("Current");
    assertThat(compute(pod(2, State.STALLED))).isEqualTo("Failed");
    JuliaPod idle = pod(2, null);
    idle.setStatus(new dev.juliapod.api.JuliaPodStatus());
    StatusConditions.apply(
        idle.getStatus(), 2, State.SUSPENDED, Phase.IDLE, "Idle", "stopped", Instant.EPOCH);
    StatusConditions.set(
        idle.getStatus(), "SessionReady", false, "Idle", "stopped", 2, Instant.EPOCH);
    assertThat(compute(idle))
        .as("an idle session keeps Ready=True; SessionReady=False is not a condition kstatus reads")
        .isEqualTo("Current");
    // An edit the operator has not seen yet is never mistaken for the old Ready.
    assertThat(compute(pod(3, State.READY))).isEqualTo("InProgress");
    assertThat(compute(pod(3, State.STALLED))).isEqualTo("InProgress");
  }

  @Test
  void aSysimageReadsTheSameWay() throws Exception {
    JuliaSysimage sysimage = new JuliaSysimage();
    sysimage.setMetadata(new ObjectMetaBuilder().withName("jsi-1").withGeneration(1L).build());
    sysimage.setStatus(new JuliaSysimageStatus());
    StatusConditions.apply(
        sysimage.getStatus(),
        1,
        State.PROGRESSING,
        Phase.BUILDING,
        "Building",
        "Kaniko Job jsi-1-build runs",
        Instant.EPOCH);
    assertThat(compute(sysimage)).isEqualTo("InProgress");
    StatusConditions.apply(
        sysimage.getStatus(),
        1,
        State.STALLED,
        Phase.FAILED,
        "OOMKilled",
        "out of memory",
        Instant.EPOCH);
    assertThat(compute(sysimage)).isEqualTo("Failed");
    StatusConditions.apply(
        sysimage.getStatus(), 1, State.READY, Phase.READY, "Built", "pushed", Instant.EPOCH);
    assertThat(compute(sysimage)).isEqualTo("Current");
  }

  @Test
  void beforeTheFirstReconcileKstatusCannotTell() throws Exception {
    // kstatus reads an object without status as Current. The operator writes a status on its
    // first reconcile, within a second of creation; README's Flux section says to expect it.
    assertThat(compute(pod(1, null))).isEqualTo("Current");
  }
}
