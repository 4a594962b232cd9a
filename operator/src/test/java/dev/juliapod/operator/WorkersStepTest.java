package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The worker decisions, without a server. */
class WorkersStepTest {
  private static final String PREFIX = "hello-worker-";
  private static final java.time.Instant NOW = java.time.Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void missingWorkersAreMadeAndFoundOnesKept() {
    var d = WorkersStep.decide(3, false, PREFIX, "h1", List.of(ready(1, "h1")), NOW);
    assertThat(d.create()).containsExactly(0, 2);
    assertThat(d.delete()).isEmpty();
    assertThat(d.status().ready).isEqualTo("1/3");
    assertThat(d.status().replicas).isEqualTo(1);
    assertThat(d.trouble().reason()).isEqualTo("Starting");
  }

  @Test
  void scalingDownDeletesTheHighestAndANewTemplateReplacesAllAtOnce() {
    var down =
        WorkersStep.decide(1, false, PREFIX, "h1", List.of(ready(0, "h1"), ready(1, "h1")), NOW);
    assertThat(down.delete())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("hello-worker-1");
    assertThat(down.create()).isEmpty();
    assertThat(down.status().ready).isEqualTo("1/1");
    assertThat(down.trouble()).isNull();

    var rebuilt =
        WorkersStep.decide(2, false, PREFIX, "h2", List.of(ready(0, "h1"), ready(1, "h1")), NOW);
    assertThat(rebuilt.delete()).hasSize(2);
    assertThat(rebuilt.create()).as("not before the old ones' names are free").isEmpty();
    assertThat(rebuilt.status().ready).isEqualTo("0/2");
  }

  @Test
  void aTerminatingPodHoldsItsNameAndCountsForNothing() {
    Pod going =
        new PodBuilder(ready(0, "h0"))
            .editMetadata()
            .withDeletionTimestamp("2026-12-01T00:00:00Z")
            .endMetadata()
            .build();
    var d = WorkersStep.decide(1, false, PREFIX, "h1", List.of(going), NOW);
    assertThat(d.create()).isEmpty();
    assertThat(d.delete()).isEmpty();
    assertThat(d.status().replicas).isZero();
  }

  @Test
  void aStoppedSessionHasNoWorkersAndSaysSo() {
    var d = WorkersStep.decide(2, true, PREFIX, "h1", List.of(ready(0, "h1")), NOW);
    assertThat(d.delete()).hasSize(1);
    assertThat(d.create()).isEmpty();
    assertThat(d.trouble().reason()).isEqualTo("Stopped");
    assertThat(WorkersStep.decide(2, true, PREFIX, "h1", List.of(), NOW).status().ready)
        .isEqualTo("0/2");
    assertThat(WorkersStep.decide(0, false, PREFIX, "h1", List.of(), NOW).status())
        .as("none asked, none there")
        .isNull();
  }

  @Test
  void aFailingWorkerIsNamedBeforeOneThatIsStillStarting() {
    Pod oom = withStatus(0, "h1", SimulatedKubelet.replOomKilled("killed"));
    Pod starting = withStatus(1, "h1", SimulatedKubelet.unschedulable("no room"));
    var d = WorkersStep.decide(2, false, PREFIX, "h1", List.of(starting, oom), NOW);
    assertThat(d.trouble().reason()).isEqualTo("OOMKilled");
    assertThat(d.trouble().message()).contains("hello-worker-0");
  }

  /**
   * An evicted worker never runs again: it is replaced, but not before it has been failed a while,
   * so a cause that stays does not make and fail pods in a loop.
   */
  @Test
  void aFailedWorkerIsReplacedAfterAWhile() {
    Pod evicted = withStatus(0, "h1", SimulatedKubelet.evicted());
    evicted.getMetadata().setCreationTimestamp("2026-12-01T11:59:50Z");
    var young = WorkersStep.decide(1, false, PREFIX, "h1", List.of(evicted), NOW);
    assertThat(young.delete()).isEmpty();
    assertThat(young.create()).isEmpty();
    assertThat(young.recheck()).isEqualTo(java.time.Duration.ofSeconds(20));
    assertThat(young.trouble().reason()).isEqualTo("PodFailed");
    assertThat(young.trouble().message())
        .contains("hello-worker-0 failed (Evicted: The node was low on resource: memory.)");

    var old = WorkersStep.decide(1, false, PREFIX, "h1", List.of(evicted), NOW.plusSeconds(30));
    assertThat(old.delete()).containsExactly(evicted);
    assertThat(old.recheck()).isNull();
  }

  @Test
  void onlyThisJuliaPodsWorkerNamesAreIndices() {
    assertThat(WorkersStep.index(PREFIX, "hello-worker-12")).isEqualTo(12);
    assertThat(WorkersStep.index(PREFIX, "hello-worker-01")).isNull();
    assertThat(WorkersStep.index(PREFIX, "hello-worker-x")).isNull();
    assertThat(WorkersStep.index(PREFIX, "hello-worker-")).isNull();
    assertThat(WorkersStep.index(PREFIX, "other-worker-1")).isNull();
  }

  private static Pod ready(int index, String hash) {
    return withStatus(index, hash, SimulatedKubelet.ready(null));
  }

  private static Pod withStatus(
      int index, String hash, Function<Pod, io.fabric8.kubernetes.api.model.PodStatus> kubelet) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(PREFIX + index)
            .addToAnnotations(SessionManager.TEMPLATE_HASH, hash)
            .endMetadata()
            .withNewSpec()
            .addNewInitContainer()
            .withName("prepare")
            .withImage("img")
            .endInitContainer()
            .addNewContainer()
            .withName("julia")
            .withImage("img")
            .endContainer()
            .endSpec()
            .build();
    pod.setStatus(kubelet.apply(pod));
    return pod;
  }
}
