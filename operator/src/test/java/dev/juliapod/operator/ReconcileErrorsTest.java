package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a JuliaPod's status says when its reconcile threw, without a server. */
class ReconcileErrorsTest {
  /** Events go nowhere here: the recorder logs that it could not send them. */
  private final KubernetesClient nowhere =
      new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder()
                  .withMasterUrl("http://127.0.0.1:9")
                  .withRequestRetryBackoffLimit(0)
                  .build())
          .build();

  private final ReconcileErrors errors =
      new ReconcileErrors(new EventRecorder(nowhere), Timings.standard());

  @AfterEach
  void close() {
    nowhere.close();
  }

  private static JuliaPod pod() {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(
        new ObjectMetaBuilder().withName("hello").withNamespace("team").withGeneration(3L).build());
    pod.setStatus(new JuliaPodStatus());
    pod.getStatus().phase = "Starting";
    return pod;
  }

  private static Optional<RetryInfo> attempt(int n, boolean last) {
    return Optional.of(
        new RetryInfo() {
          @Override
          public int getAttemptCount() {
            return n;
          }

          @Override
          public boolean isLastAttempt() {
            return last;
          }
        });
  }

  private static String condition(JuliaPod pod, String type) {
    return pod.getStatus().conditions.stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus() + " " + c.getReason())
        .findFirst()
        .orElse("none");
  }

  @Test
  void aBugIsSaidAndRetriedThenStallsWhenTheRetriesAreSpent() {
    JuliaPod pod = pod();
    var control =
        errors.decide(
            pod, pod.getStatus(), attempt(2, false), new IllegalStateException("no plan for you"));
    assertThat(control.isNoRetry()).isFalse();
    assertThat(condition(pod, "Reconciling")).isEqualTo("True ReconcileError");
    assertThat(pod.getStatus().phase).as("the phase it was in").isEqualTo("Starting");
    assertThat(pod.getStatus().observedGeneration)
        .as("not yet observed: being retried")
        .isLessThan(3L);
    assertThat(pod.getStatus().message)
        .contains("IllegalStateException: no plan for you", "attempt 3", "trying again");

    var last =
        errors.decide(
            pod, pod.getStatus(), attempt(5, true), new IllegalStateException("no plan for you"));
    assertThat(last.isNoRetry()).isTrue();
    assertThat(condition(pod, "Stalled")).isEqualTo("True ReconcileError");
    assertThat(pod.getStatus().message).contains("gave up after 6 attempts");
  }

  @Test
  void aRefusalForGoodStallsAtOnceAndIsLookedAtAgainLater() {
    JuliaPod pod = pod();
    KubernetesClientException invalid =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage(
                    "Pod \"hello-repl\" is invalid:"
                        + " spec.tolerations[0].operator: Unsupported value: \"Maybe\"")
                .build());
    var control =
        errors.decide(
            pod,
            pod.getStatus(),
            attempt(1, false),
            new RuntimeException("creating the session pod", invalid));
    assertThat(control.isNoRetry()).isTrue();
    assertThat(control.getScheduleDelay()).contains(Timings.standard().refusedRecheck().toMillis());
    assertThat(condition(pod, "Stalled")).isEqualTo("True ApiRefused");
    assertThat(pod.getStatus().phase).isEqualTo("Failed");
    assertThat(pod.getStatus().message).contains("(422)", "Unsupported value: \"Maybe\"");
  }
}
