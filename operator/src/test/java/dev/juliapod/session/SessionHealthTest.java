package dev.juliapod.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.operator.SimulatedKubelet;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each way a session pod can be, as the kubelet and the scheduler report it. */
class SessionHealthTest {
  private static SessionHealth health(Function<Pod, PodStatus> kubelet) throws Exception {
    Pod pod = SessionPodTest.pod(SessionPodTest.hello());
    pod.setStatus(kubelet.apply(pod));
    return SessionHealth.of(pod);
  }

  @Test
  void aRunningPodIsReadyAndCarriesWhatPrepareSaid() throws Exception {
    SessionHealth ready = health(SimulatedKubelet.ready("kept Project.toml.session-1"));
    assertThat(ready.ready()).isTrue();
    assertThat(ready.notice()).isEqualTo("kept Project.toml.session-1");
    assertThat(health(SimulatedKubelet.ready(null)).notice()).isNull();
  }

  /** The REPL runs while the activity listener restarts: a session to attach to. */
  @Test
  void aCrashingListenerIsNotADownRepl() throws Exception {
    JuliaPod hello = SessionPodTest.hello();
    hello.getSpec().session.idleTimeout = "1h";
    Pod pod = SessionPodTest.pod(hello);
    pod.setStatus(SimulatedKubelet.listenerCrashes("cannot listen on 0.0.0.0:8701").apply(pod));
    assertThat(SessionHealth.of(pod).ready()).isTrue();
  }

  /**
   * A pod the node controller marked not Ready (its node stopped reporting): only Ready is False,
   * the containers' last reports stand (kubernetes pkg/controller/util/node/controller_utils.go,
   * MarkPodsNotReady).
   */
  @Test
  void aPodOnALostNodeIsNotReady() throws Exception {
    Pod pod = SessionPodTest.pod(SessionPodTest.hello());
    PodStatus status = SimulatedKubelet.ready(null).apply(pod);
    status.getConditions().removeIf(c -> c.getType().equals("Ready"));
    status
        .getConditions()
        .add(new PodConditionBuilder().withType("ContainersReady").withStatus("True").build());
    status
        .getConditions()
        .add(
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus("False")
                .withReason("NodeNotReady")
                .build());
    pod.setStatus(status);
    assertThat(SessionHealth.of(pod).ready()).isFalse();
  }

  @Test
  void eachFailureHasItsReason() throws Exception {
    assertThat(health(SimulatedKubelet.prepareFails(1, "ERROR: boom")))
        .extracting(SessionHealth::reason, SessionHealth::stalled)
        .containsExactly("PrepareFailed", true);
    assertThat(health(SimulatedKubelet.prepareFails(1, "ERROR: boom")).message())
        .contains("ERROR: boom", "restarts so far: 3");
    assertThat(health(SimulatedKubelet.replCrashes(1, "unknown option")).reason())
        .isEqualTo("CrashLoop");
    assertThat(health(SimulatedKubelet.replOomKilled("")).reason()).isEqualTo("OOMKilled");
    assertThat(health(SimulatedKubelet.imagePullBackOff()))
        .extracting(SessionHealth::reason, SessionHealth::stalled)
        .containsExactly("ImagePullFailed", true);
    assertThat(health(SimulatedKubelet.unschedulable("0/1 nodes are available")))
        .extracting(SessionHealth::reason, SessionHealth::stalled)
        .containsExactly("Unschedulable", false);
  }

  @Test
  void aFirstPullFailureIsRetriedBeforeItCountsAsStalled() throws Exception {
    SessionHealth first =
        health(
            pod -> {
              PodStatus status = SimulatedKubelet.imagePullBackOff().apply(pod);
              status
                  .getInitContainerStatuses()
                  .get(0)
                  .getState()
                  .getWaiting()
                  .setReason("ErrImagePull");
              return status;
            });
    assertThat(first.reason()).isEqualTo("ImagePullFailed");
    assertThat(first.stalled()).isFalse();
  }

  @Test
  void aContainerRunningAgainAfterAFailureIsNotFailing() throws Exception {
    SessionHealth retrying =
        health(
            pod -> {
              PodStatus status = SimulatedKubelet.prepareFails(1, "ERROR: network").apply(pod);
              status
                  .getInitContainerStatuses()
                  .get(0)
                  .setState(
                      new ContainerStateBuilder()
                          .withNewRunning()
                          .withStartedAt("2026-11-30T06:00:00Z")
                          .endRunning()
                          .build());
              return status;
            });
    assertThat(retrying.stalled()).isFalse();
    assertThat(retrying.reason()).isEqualTo("Preparing");
    assertThat(retrying.message()).contains("juliapod logs --prepare hello");
  }

  @Test
  void aPodWithoutStatusIsStarting() throws Exception {
    SessionHealth fresh = health(pod -> null);
    assertThat(fresh.reason()).isEqualTo("Starting");
    assertThat(fresh.ready()).isFalse();
  }
}
