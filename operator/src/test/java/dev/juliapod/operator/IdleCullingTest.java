package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.session.SessionActivity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Idle culling with the real operator on the mock server, each session pod answering for its
 * activity as activity-server.jl does (SimulatedActivity): a session idle past its timeout loses
 * its pod and nothing else, and its spec is never written; a busy one or one that cannot be asked
 * is kept.
 */
@EnableKubernetesMockClient(crud = true)
class IdleCullingTest extends OperatorTestBase {
  private static final String POD = "hello-repl";

  @Test
  void aSessionIdlePastItsTimeoutLosesItsPodAndNothingElse() throws Exception {
    Pod running = readyWithTimeout("1h");
    assertThat(running.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("julia", SessionActivity.CONTAINER);

    cluster.activity.report(ns, POD, Instant.now().minus(Duration.ofMinutes(61)), false);
    JuliaPod idle = awaitPhase("hello", "Idle");

    // Status first, then the pod, in the pass that status write asks for.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.pods().inNamespace(ns).withName(POD).get() == null);
    assertThat(client.persistentVolumeClaims().inNamespace(ns).withName("hello-workspace").get())
        .isNotNull();
    assertThat(client.configMaps().inNamespace(ns).withName("hello-session").get()).isNotNull();
    assertThat(sysimage(idle.getStatus().sysimage)).isNotNull();
    assertThat(idle.getMetadata().getGeneration()).as("spec never written").isEqualTo(1L);
    assertThat(idle.getStatus().idleSince).isNotNull();
    assertThat(idle.getStatus().pod).isNull();
    assertThat(condition(idle, "SessionReady").getStatus()).isEqualTo("False");
    assertThat(condition(idle, "SessionReady").getReason()).isEqualTo("Idle");
    assertThat(condition(idle, "SessionReady").getMessage())
        .contains("after 1h without REPL input", "juliapod start hello");
    assertThat(condition(idle, "Ready").getStatus()).as("kstatus Current").isEqualTo("True");
    assertThat(condition(idle, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(KstatusTest.compute(idle)).as("Flux and kstatus waits").isEqualTo("Current");
    assertThat(ArgoCdHealthTest.health(idle).status()).isEqualTo("Suspended");
    awaitEvent("Culled", "session pod hello-repl stopped at " + idle.getStatus().idleSince);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(metrics.scrape()).contains("juliapod_sessions_culled_total 1.0"));

    // It stays so: passes for other reasons (a resync, the claim's events) bring no pod back.
    Thread.sleep(1500);
    assertThat(client.pods().inNamespace(ns).withName(POD).get()).isNull();
    assertThat(get("hello").getStatus().phase).isEqualTo("Idle");
  }

  @Test
  void aBusySessionIsKeptHoweverLongAgoItsInputWas() throws Exception {
    Pod running = readyWithTimeout("1h");
    cluster.activity.report(ns, POD, Instant.now().minus(Duration.ofDays(2)), true);

    awaitAsked(5);
    JuliaPod pod = get("hello");
    assertThat(pod.getStatus().phase).isEqualTo("Ready");
    assertThat(client.pods().inNamespace(ns).withName(POD).get().getMetadata().getUid())
        .isEqualTo(running.getMetadata().getUid());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(condition(get("hello"), "Activity").getReason()).isEqualTo("Reported"));
  }

  @Test
  void aSessionThatCannotBeAskedIsKeptAndSaysSo() throws Exception {
    Pod running = readyWithTimeout("30s");
    cluster.activity.silence(ns, POD);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var activity = condition(get("hello"), "Activity");
              assertThat(activity.getStatus()).isEqualTo("Unknown");
              assertThat(activity.getReason()).isEqualTo("ActivityUnknown");
              assertThat(activity.getMessage())
                  .contains("could not ask http://", ":8701/activity", "never stopped");
            });
    awaitEvent("ActivityUnknown", "never stopped");
    Thread.sleep(1000);
    assertThat(get("hello").getStatus().phase).isEqualTo("Ready");
    assertThat(client.pods().inNamespace(ns).withName(POD).get().getMetadata().getUid())
        .isEqualTo(running.getMetadata().getUid());
  }

  @Test
  void turningCullingOnKeepsTheRunningReplWhichCannotBeAskedUntilItRestarts() throws Exception {
    client.resource(hello("hello")).create();
    awaitPhase("hello", "Ready");
    Pod before = client.pods().inNamespace(ns).withName(POD).get();
    assertThat(before.getSpec().getContainers()).hasSize(1);

    edit("hello", p -> session(p).idleTimeout = "1h");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(condition(get("hello"), "Activity").getMessage())
                    .contains("has no activity listener"));
    assertThat(client.pods().inNamespace(ns).withName(POD).get().getMetadata().getUid())
        .as("the REPL is not restarted to add the listener")
        .isEqualTo(before.getMetadata().getUid());
  }

  @Test
  void aLowerTimeoutCullsWithoutRestartingAndAnEditWhileIdleResumes() throws Exception {
    Pod running = readyWithTimeout("10h");
    cluster.activity.report(ns, POD, Instant.now().minus(Duration.ofHours(2)), false);
    awaitAsked(3);
    assertThat(get("hello").getStatus().phase).isEqualTo("Ready");
    assertThat(client.pods().inNamespace(ns).withName(POD).get().getMetadata().getUid())
        .isEqualTo(running.getMetadata().getUid());

    edit("hello", p -> session(p).idleTimeout = "1h");
    JuliaPod idle = awaitPhase("hello", "Idle");
    assertThat(idle.getMetadata().getGeneration()).isEqualTo(2L);

    // A spec edit while idle resumes it, with the new timeout.
    edit("hello", p -> session(p).idleTimeout = "3h");
    JuliaPod resumed = awaitPhase("hello", "Ready");
    assertThat(resumed.getStatus().idleSince).isNull();
    Pod again = client.pods().inNamespace(ns).withName(POD).get();
    assertThat(again.getMetadata().getUid()).isNotEqualTo(running.getMetadata().getUid());
    assertThat(again.getSpec().getContainers().get(0).getImage()).isEqualTo(idle.getStatus().image);
  }

  @Test
  void theResumeAnnotationBringsTheSessionBackWithoutASpecChange() throws Exception {
    readyWithTimeout("1h");
    cluster.activity.report(ns, POD, Instant.now().minus(Duration.ofHours(3)), false);
    JuliaPod idle = awaitPhase("hello", "Idle");

    // A stale annotation (an earlier idle period's) does nothing.
    annotate(Labels.RESUME, "2026-01-01T00:00:00Z");
    Thread.sleep(1000);
    assertThat(get("hello").getStatus().phase).isEqualTo("Idle");

    annotate(Labels.RESUME, idle.getStatus().idleSince);
    JuliaPod resumed = awaitPhase("hello", "Ready");
    assertThat(resumed.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(resumed.getStatus().image).isEqualTo(idle.getStatus().image);
    assertThat(client.pods().inNamespace(ns).withName(POD).get()).isNotNull();
  }

  /** A rebuilt sysimage (here: its JuliaSysimage deleted) is no reason to bring the pod back. */
  @Test
  void anIdleSessionStaysIdleThroughARebuildOfItsSysimage() throws Exception {
    readyWithTimeout("1h");
    cluster.activity.report(ns, POD, Instant.now().minus(Duration.ofHours(3)), false);
    JuliaPod idle = awaitPhase("hello", "Idle");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.pods().inNamespace(ns).withName(POD).get() == null);

    var gone = sysimage(idle.getStatus().sysimage);
    client.resource(gone).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var rebuilt = sysimage(idle.getStatus().sysimage);
              assertThat(rebuilt.getMetadata().getUid()).isNotEqualTo(gone.getMetadata().getUid());
              assertThat(rebuilt.getStatus().phase).isEqualTo("Ready");
            });
    Thread.sleep(1000);
    JuliaPod after = awaitPhase("hello", "Idle");
    assertThat(after.getStatus().idleSince).isEqualTo(idle.getStatus().idleSince);
    assertThat(client.pods().inNamespace(ns).withName(POD).get()).isNull();
  }

  private Pod readyWithTimeout(String timeout) throws Exception {
    JuliaPod pod = hello("hello");
    session(pod).idleTimeout = timeout;
    client.resource(pod).create();
    awaitPhase("hello", "Ready");
    return client.pods().inNamespace(ns).withName(POD).get();
  }

  private static SessionSpec session(JuliaPod pod) {
    if (pod.getSpec().session == null) {
      pod.getSpec().session = new SessionSpec();
    }
    return pod.getSpec().session;
  }

  private void annotate(String key, String value) {
    client
        .resources(JuliaPod.class)
        .inNamespace(ns)
        .withName("hello")
        .edit(
            p -> {
              Map<String, String> annotations =
                  new java.util.HashMap<>(
                      p.getMetadata().getAnnotations() == null
                          ? Map.of()
                          : p.getMetadata().getAnnotations());
              annotations.put(key, value);
              p.getMetadata().setAnnotations(annotations);
              return p;
            });
  }

  private void awaitAsked(int times) {
    int from = cluster.activity.asked(ns, POD);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.activity.asked(ns, POD) >= from + times);
  }
}
