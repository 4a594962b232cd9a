package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A JuliaPod deleted and created again under the same name at once, as `juliapod delete` then
 * `juliapod repl` in the same folder do, or Argo CD's Replace=true: the new one is reconciled
 * ({@link Successor}). Without it, one round in about ten left the new JuliaPod without a status
 * for good on this machine, so thirty rounds fail nearly every run.
 */
@EnableKubernetesMockClient(crud = true)
class RecreatedJuliaPodTest extends OperatorTestBase {

  @Test
  void aJuliaPodCreatedAgainRightAfterItsDeleteIsReconciled() throws Exception {
    client.resource(hello("again")).create();
    awaitPhase("again", "Ready");
    for (int round = 1; round <= 30; round++) {
      String uid = get("again").getMetadata().getUid();
      client.resources(JuliaPod.class).inNamespace(ns).withName("again").delete();
      client.resource(hello("again")).create();
      int r = round;
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                JuliaPod pod = get("again");
                assertThat(pod.getMetadata().getUid()).isNotEqualTo(uid);
                assertThat(pod.getStatus()).as("round %d: reconciled at all", r).isNotNull();
                assertThat(pod.getStatus().phase).as("round %d", r).isEqualTo("Ready");
              });
    }
  }

  @Test
  void onlyASuccessorThatNoPassHasWrittenIsWoken() throws Exception {
    JuliaPod successor = hello("again");
    assertThat(Successor.waiting(successor)).isTrue();
    assertThat(Successor.waiting(null)).as("nothing created again").isFalse();
    successor.getMetadata().setDeletionTimestamp("2026-12-01T00:00:00Z");
    assertThat(Successor.waiting(successor)).as("being deleted").isFalse();
    successor.getMetadata().setDeletionTimestamp(null);
    successor.setStatus(new dev.juliapod.api.JuliaPodStatus());
    assertThat(Successor.waiting(successor)).as("reconciled already").isFalse();
  }
}
