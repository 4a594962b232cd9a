package dev.juliapod.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildOutcomeTest {
  static final String EXECUTOR = "gcr.io/kaniko-project/executor:v1.23.2";
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  static Job job(String conditionType, String reason) {
    JobBuilder job = new JobBuilder().withNewMetadata().withName("jsi-0123-build").endMetadata()
        .withNewSpec().withActiveDeadlineSeconds(3600L).endSpec();
    if (conditionType != null) {
      job.withNewStatus().addNewCondition().withType(conditionType).withStatus("True")
          .withReason(reason).withMessage("Job has reached the specified backoff limit")
          .endCondition().endStatus();
    }
    return job.build();
  }

  static Pod terminated(String reason, int exitCode, String message) {
    return new PodBuilder().withNewStatus().withContainerStatuses(new ContainerStatusBuilder()
        .withName("kaniko").withNewState().withNewTerminated().withReason(reason)
        .withExitCode(exitCode).withMessage(message).endTerminated().endState().build())
        .endStatus().build();
  }

  @Test
  void completedJobGivesTheDigestFromTheTerminationMessage() {
    assertThat(BuildOutcome.of(job("Complete", null),
        List.of(terminated("Completed", 0, DIGEST)), EXECUTOR))
        .isEqualTo(new BuildOutcome.Succeeded(DIGEST));
    assertThat(BuildOutcome.of(job("Complete", null), List.of(terminated("Completed", 0, "")),
        EXECUTOR)).isInstanceOf(BuildOutcome.Failed.class)
        .extracting(o -> ((BuildOutcome.Failed) o).reason()).isEqualTo("NoDigest");
    // The pod's final status can reach the cache after the Job's: not a failure yet.
    assertThat(BuildOutcome.of(job("Complete", null), List.of(), EXECUTOR))
        .isInstanceOf(BuildOutcome.Running.class);
    assertThat(BuildOutcome.of(job("Complete", null), List.of(new PodBuilder().build()),
        EXECUTOR)).isInstanceOf(BuildOutcome.Running.class);
  }

  @Test
  void failuresSayWhyAndWhatToChange() {
    assertThat(BuildOutcome.of(job("Failed", "BackoffLimitExceeded"),
        List.of(terminated("OOMKilled", 137, null)), EXECUTOR))
        .isEqualTo(new BuildOutcome.Failed("OOMKilled", "the build ran out of memory: raise"
            + " spec.build.resources.limits.memory (sysimage builds need several GiB)"));
    assertThat(BuildOutcome.of(job("Failed", "BackoffLimitExceeded"),
        List.of(terminated("Error", 1, null)), EXECUTOR))
        .isEqualTo(new BuildOutcome.Failed("BuildFailed",
            "the Kaniko executor exited with code 1; the log tail below shows why"));

    Pod unschedulable = new PodBuilder().withNewStatus().addNewCondition()
        .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
        .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition()
        .endStatus().build();
    assertThat(BuildOutcome.of(job(null, null), List.of(unschedulable), EXECUTOR))
        .isEqualTo(new BuildOutcome.Running("the build pod cannot be scheduled: 0/3 nodes are"
            + " available: 3 Insufficient memory."));
    assertThat(((BuildOutcome.Failed) BuildOutcome.of(job("Failed", "DeadlineExceeded"),
        List.of(unschedulable), EXECUTOR)).message())
        .isEqualTo("the build ran longer than spec.build.deadlineSeconds (3600 s); its pod was"
            + " never scheduled: 0/3 nodes are available: 3 Insufficient memory.; raise the"
            + " deadline or the build resources");

    Pod pullBackOff = new PodBuilder().withNewStatus().withContainerStatuses(
        new ContainerStatusBuilder().withName("kaniko").withNewState().withNewWaiting()
            .withReason("ImagePullBackOff").withMessage("Back-off pulling image").endWaiting()
            .endState().build()).endStatus().build();
    assertThat(BuildOutcome.of(job(null, null), List.of(pullBackOff), EXECUTOR))
        .extracting(o -> ((BuildOutcome.Failed) o).reason()).isEqualTo("ExecutorImagePullFailed");
  }

  @Test
  void aJobWithoutConditionsIsRunning() {
    assertThat(BuildOutcome.of(job(null, null), List.of(), EXECUTOR))
        .isEqualTo(new BuildOutcome.Running(null));
  }
}
