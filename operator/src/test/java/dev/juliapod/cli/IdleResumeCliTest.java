package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `juliapod start` and `juliapod repl` bring an idle session back without changing its spec, so a
 * GitOps tool sees no drift: on the same image, with the same workspace claim.
 */
@EnableKubernetesMockClient(crud = true)
class IdleResumeCliTest extends SessionCommandTest {
  private static final String NAME = "my-analysis-alice-smith";
  private static final String POD = NAME + "-repl";
  private static final OperatorDefaults IDLE_AFTER_AN_HOUR =
      DEFAULTS.toBuilder().idleTimeout("1h").build();

  @BeforeEach
  void cullingOn() {
    operator.stop();
    operator = startOperator(IDLE_AFTER_AN_HOUR);
  }

  @Test
  void startAndReplResumeAnIdleSessionWithoutASpecChange() throws Exception {
    assertThat(run("repl", project.toString(), "--no-sync", "-n", ns).exit()).isZero();
    JuliaPod first = get(NAME);
    String claim =
        client
            .pods()
            .inNamespace(ns)
            .withName(POD)
            .get()
            .getSpec()
            .getVolumes()
            .get(0)
            .getPersistentVolumeClaim()
            .getClaimName();
    JuliaPod idle = idleNow();

    Cli start = run("start", NAME, "-n", ns);
    assertThat(start.exit()).as(start.err()).isZero();
    assertThat(start.out())
        .contains("Resuming " + ns + "/" + NAME + ", idle since " + idle.getStatus().idleSince);
    JuliaPod resumed = awaitPhase("Ready");
    assertThat(resumed.getMetadata().getGeneration())
        .isEqualTo(first.getMetadata().getGeneration());
    var json = client.getKubernetesSerialization();
    assertThat(json.asJson(resumed.getSpec())).isEqualTo(json.asJson(first.getSpec()));
    assertThat(resumed.getMetadata().getAnnotations())
        .containsEntry(Labels.RESUME, idle.getStatus().idleSince);
    Pod pod = client.pods().inNamespace(ns).withName(POD).get();
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(idle.getStatus().image);
    assertThat(pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
        .isEqualTo(claim);

    // Idle again: the annotation names the earlier idle period, and repl resumes this one.
    JuliaPod again = idleNow();
    assertThat(again.getStatus().idleSince).isNotEqualTo(idle.getStatus().idleSince);
    Cli repl = run("repl", project.toString(), "--no-sync", "-n", ns);
    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(repl.out()).contains("Reusing JuliaPod", "Resuming " + ns + "/" + NAME);
    assertThat(get(NAME).getMetadata().getGeneration())
        .isEqualTo(first.getMetadata().getGeneration());
    assertThat(kubectlCalls()).filteredOn(c -> c.startsWith("attach")).hasSize(2);
  }

  @Test
  void startOnASessionThatIsNotIdleChangesNothing() throws Exception {
    assertThat(run("repl", project.toString(), "--no-sync", "-n", ns).exit()).isZero();
    // The first answer of the listener is written (the Activity condition) after repl returns.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                get(NAME).getStatus().conditions.stream()
                    .anyMatch(c -> "Activity".equals(c.getType()) && "True".equals(c.getStatus())));
    String version = get(NAME).getMetadata().getResourceVersion();
    Cli start = run("start", NAME, "-n", ns);
    assertThat(start.exit()).isZero();
    assertThat(start.out()).contains("Starting " + ns + "/" + NAME);
    assertThat(get(NAME).getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void replSetsTheJuliaPodsTimeoutAndRefusesWhatIsNoDuration() throws Exception {
    Cli bad = run("repl", project.toString(), "--no-sync", "--idle-timeout", "PT2H", "-n", ns);
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--idle-timeout 'PT2H' is not a duration", "45m, 2h");
    assertThat(get(NAME)).as("nothing applied").isNull();

    Cli repl = run("repl", project.toString(), "--no-sync", "--idle-timeout", "45m", "-n", ns);
    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(get(NAME).getSpec().session.idleTimeout).isEqualTo("45m");
    assertThat(run("repl", project.toString(), "--no-sync", "--idle-timeout=", "-n", ns).exit())
        .isZero();
    assertThat(get(NAME).getSpec().session.idleTimeout).as("back to the operator's").isNull();
  }

  /** The session's REPL last saw input two hours ago: the operator culls it. */
  private JuliaPod idleNow() {
    cluster.activity.report(ns, POD, Instant.now().minus(Duration.ofHours(2)), false);
    JuliaPod idle = awaitPhase("Idle");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.pods().inNamespace(ns).withName(POD).get() == null);
    return idle;
  }

  private JuliaPod awaitPhase(String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(get(NAME).getStatus().phase).isEqualTo(phase));
    return get(NAME);
  }
}
