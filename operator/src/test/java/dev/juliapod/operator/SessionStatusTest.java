package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A session pod that does not come up says why in the JuliaPod's status, with the container's own
 * words, and in an event; once the pod recovers the JuliaPod is Ready again.
 */
@EnableKubernetesMockClient(crud = true)
class SessionStatusTest extends OperatorTestBase {
  /** 100 lines of log: the status keeps the last 80 the kubelet kept. */
  private static final String PKG_ERROR =
      IntStream.rangeClosed(1, 99)
              .mapToObj(i -> "  Installing package " + i)
              .collect(Collectors.joining("\n"))
          + "\nERROR: LoadError: Unsatisfiable requirements detected for package Foo";

  @Test
  void aFailingPrepareStepStallsWithItsLogTailAndHeals() throws Exception {
    JuliaPod pod = failWith(SimulatedKubelet.prepareFails(1, PKG_ERROR), "Failed");

    Condition session = condition(pod, "SessionReady");
    assertThat(session.getStatus()).isEqualTo("False");
    assertThat(session.getReason()).isEqualTo("PrepareFailed");
    assertThat(session.getMessage())
        .contains("the prepare step", "exited with code 1")
        .contains("Unsatisfiable requirements detected for package Foo")
        .contains("Installing package 99")
        .doesNotContain("Installing package 19\n");
    assertThat(condition(pod, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(pod, "Ready").getStatus()).isEqualTo("False");
    awaitEvent("PrepareFailed", "Unsatisfiable requirements");

    // The user fixes the project; the kubelet's next attempt succeeds.
    cluster.sessions = SimulatedKubelet.ready(null);
    heal();
    JuliaPod healed = awaitPhase("hello", "Ready");
    assertThat(condition(healed, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(healed, "SessionReady").getStatus()).isEqualTo("True");
  }

  @Test
  void anImageThatCannotBePulledStalls() throws Exception {
    JuliaPod pod = failWith(SimulatedKubelet.imagePullBackOff(), "Failed");

    Condition session = condition(pod, "SessionReady");
    assertThat(session.getReason()).isEqualTo("ImagePullFailed");
    assertThat(session.getMessage())
        .contains(pod.getStatus().image, "ImagePullBackOff", "spec.session.imagePullSecrets");
    awaitEvent("ImagePullFailed", "cannot be pulled");
  }

  @Test
  void aPodThatFitsNowhereSaysSoAndKeepsWaiting() throws Exception {
    JuliaPod pod =
        failWith(
            SimulatedKubelet.unschedulable("0/3 nodes are available: 3 Insufficient memory."),
            "Starting");

    assertThat(condition(pod, "SessionReady").getReason()).isEqualTo("Unschedulable");
    assertThat(pod.getStatus().message).contains("3 Insufficient memory");
    assertThat(condition(pod, "Stalled").getStatus())
        .as("a cluster autoscaler may still add a node")
        .isEqualTo("False");
    assertThat(condition(pod, "Reconciling").getStatus()).isEqualTo("True");
    awaitEvent("Unschedulable", "Insufficient memory");
  }

  @Test
  void aReplKilledForMemoryNamesTheLimit() throws Exception {
    JuliaPod pod = failWith(SimulatedKubelet.replOomKilled(""), "Failed");

    Condition session = condition(pod, "SessionReady");
    assertThat(session.getReason()).isEqualTo("OOMKilled");
    assertThat(session.getMessage())
        .contains("ran out of memory", "limit 8Gi", "spec.session.resources.limits.memory");
    awaitEvent("OOMKilled", "ran out of memory");
  }

  @Test
  void aReplThatCrashesAtStartIsACrashLoop() throws Exception {
    JuliaPod pod =
        failWith(SimulatedKubelet.replCrashes(1, "ERROR: unknown option `--optimise`"), "Failed");

    Condition session = condition(pod, "SessionReady");
    assertThat(session.getReason()).isEqualTo("CrashLoop");
    assertThat(session.getMessage()).contains("exited with code 1", "unknown option");
    awaitEvent("CrashLoop", "unknown option");
  }

  @Test
  void whatPrepareReportsAfterAGoodStartShowsOnAReadySession() throws Exception {
    String notice =
        "the JuliaPod's project and the session's both changed: the JuliaPod's"
            + " is in use, the session's was kept as Project.toml.session-20261130T061200";
    JuliaPod pod = failWith(SimulatedKubelet.ready(notice), "Ready");

    assertThat(condition(pod, "SessionReady").getMessage()).contains(notice);
    assertThat(pod.getStatus().message).contains("Project.toml.session-20261130T061200");
    awaitEvent("SessionNotice", "Project.toml.session-20261130T061200");
  }

  /** The JuliaPod once its session pod has the kubelet's status and it has the phase. */
  private JuliaPod failWith(Function<Pod, PodStatus> kubelet, String phase) throws Exception {
    cluster.sessions = kubelet;
    client.resource(hello("hello")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod pod = get("hello");
              assertThat(pod.getStatus()).isNotNull();
              assertThat(pod.getStatus().phase).as(pod.getStatus().message).isEqualTo(phase);
              assertThat(condition(pod, "SessionReady").getReason())
                  .isNotIn("Starting", "Preparing");
            });
    return get("hello");
  }

  /** The kubelet's next attempt: the pod's status as the current simulation makes it. */
  private void heal() {
    Pod session = client.pods().inNamespace(ns).withName("hello-repl").get();
    session.setStatus(cluster.sessions.apply(session));
    client.resource(session).updateStatus();
  }
}
