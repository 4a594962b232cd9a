package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the API server refuses reaches the JuliaPod's status in the server's words: a refusal for
 * good (a quota, admission) stalls it without a retry loop, a passing failure (5xx) is retried and
 * heals.
 */
@EnableKubernetesMockClient(crud = true)
class ApiRefusalTest extends OperatorTestBase {
  private static final String QUOTA =
      "pods \"prebuilt-repl\" is forbidden: exceeded quota:"
          + " compute, requested: requests.memory=2Gi, used: requests.memory=7Gi, limited:"
          + " requests.memory=8Gi";

  /** A JuliaPod on a prebuilt image: its only pod is the session's. */
  private JuliaPod prebuilt() throws Exception {
    JuliaPod pod = hello("prebuilt");
    pod.getSpec().image = "ghcr.io/team/julia-ml:1.11";
    return pod;
  }

  private String podsPath() {
    return "/api/v1/namespaces/" + ns + "/pods";
  }

  @Test
  void aQuotaThatRefusesTheSessionPodStallsWithTheServersWords() throws Exception {
    Status forbidden =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(QUOTA)
            .build();
    AtomicInteger attempts = new AtomicInteger();
    server
        .expect()
        .post()
        .withPath(podsPath())
        .andReply(
            403,
            request -> {
              attempts.incrementAndGet();
              return forbidden;
            })
        .always();
    client.resource(prebuilt()).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod pod = get("prebuilt");
              assertThat(pod.getStatus()).isNotNull();
              assertThat(pod.getStatus().phase).isEqualTo("Failed");
              assertThat(pod.getStatus().message)
                  .contains("refused a request (403)", "exceeded quota");
            });
    assertThat(get("prebuilt").getStatus().conditions)
        .anyMatch(
            c ->
                c.getType().equals("Stalled")
                    && c.getStatus().equals("True")
                    && c.getReason().equals("ApiRefused"));
    await()
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .anyMatch(e -> "ApiRefused".equals(e.getReason())));
    // Not retried in a loop: a few seconds on, no new attempt at the pod (the next comes
    // after an edit, or after ReconcileErrors.RECHECK).
    int before = attempts.get();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(attempts.get()).isEqualTo(before));
  }

  /**
   * fabric8's client retries a 5xx or 429 itself, with back-off (StandardHttpClient, shouldRetry;
   * requestRetryBackoffLimit), before the operator sees an error.
   */
  @Test
  void aPassingServerErrorIsRetriedAndHeals() throws Exception {
    Status broken =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(500)
            .withReason("InternalError")
            .withMessage("etcdserver: request timed out")
            .build();
    server.expect().post().withPath(podsPath()).andReturn(500, broken).times(2);
    client.resource(prebuilt()).create();

    JuliaPod ready = awaitPhase("prebuilt", "Ready");
    assertThat(ready.getStatus().conditions)
        .noneMatch(c -> c.getType().equals("Stalled") && c.getStatus().equals("True"));
  }
}
