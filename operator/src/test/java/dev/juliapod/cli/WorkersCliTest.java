package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.operator.SimulatedScale;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `juliapod repl --workers N` and `juliapod workers NAME N` against a mock that serves the scale
 * subresource as the API server does, with the real operator making the worker pods.
 */
class WorkersCliTest extends SessionCommandTest {
  private static final String NAME = "my-analysis-alice-smith";

  @Override
  @BeforeEach
  void start() throws Exception {
    server = SimulatedScale.server();
    client = server.createClient();
    super.start();
  }

  @Override
  @AfterEach
  void stop() {
    try {
      super.stop();
    } finally {
      client.close();
      server.destroy();
    }
  }

  @Test
  void replAsksForWorkersAndTheWorkersCommandScalesThem() throws Exception {
    Cli repl = run("repl", project.toString(), "--no-sync", "--workers", "2", "-n", ns);
    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(get().getSpec().workers.replicas).isEqualTo(2);
    awaitWorkerPods(2);

    Cli scale = run("workers", NAME, "3", "-n", ns);
    assertThat(scale.exit()).as(scale.err()).isZero();
    assertThat(scale.out()).contains("Asking for 3 workers for " + ns + "/" + NAME, "addworkers()");
    assertThat(get().getSpec().workers.replicas).isEqualTo(3);
    awaitWorkerPods(3);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Cli shown = run("workers", NAME, "-n", ns);
              assertThat(shown.exit()).isZero();
              assertThat(shown.out()).contains(ns + "/" + NAME + ": 3 of 3 workers ready");
            });
    Cli status = run("status", NAME, "-n", ns);
    assertThat(status.out()).contains("workers    3/3 ready", "WorkersReady True (Ready)");

    // A later repl without --workers leaves the count alone.
    assertThat(run("repl", project.toString(), "--no-sync", "-n", ns).exit()).isZero();
    assertThat(get().getSpec().workers.replicas).isEqualTo(3);

    Cli stop = run("workers", NAME, "0", "-n", ns);
    assertThat(stop.exit()).isZero();
    assertThat(stop.out()).contains("Stopping the workers of " + ns + "/" + NAME);
    awaitWorkerPods(0);
  }

  @Test
  void aCountTheFieldWouldRefuseOrAMissingJuliaPodIsSaid() throws Exception {
    Cli negative = run("workers", NAME, "-1", "-n", ns);
    assertThat(negative.exit()).isEqualTo(2);
    Cli many = run("workers", NAME, "1000", "-n", ns);
    assertThat(many.exit()).isEqualTo(2);
    assertThat(many.err()).contains("from 0 to 256, not 1000");
    Cli missing = run("workers", "nobody", "2", "-n", ns);
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no JuliaPod " + ns + "/nobody");
    Cli repl = run("repl", project.toString(), "--no-sync", "--workers", "-3", "-n", ns);
    assertThat(repl.exit()).isEqualTo(2);
    assertThat(repl.err()).contains("--workers -3");
    assertThat(get()).as("nothing applied").isNull();
  }

  private JuliaPod get() {
    return client.resources(JuliaPod.class).inNamespace(ns).withName(NAME).get();
  }

  private void awaitWorkerPods(int n) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .pods()
                            .inNamespace(ns)
                            .withLabel("app.kubernetes.io/component", "worker")
                            .list()
                            .getItems()
                            .stream()
                            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                            .toList())
                    .hasSize(n));
  }
}
