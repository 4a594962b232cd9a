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
  static final String JOB_UID = "0b7e9c1e-0000-4000-8000-000000000001";

  static Job job(String conditionType, String reason) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName("jsi-0123-build")
            .withUid(JOB_UID)
            .endMetadata()
            .withNewSpec()
            .withActiveDeadlineSeconds(3600L)
            .endSpec();
    if (conditionType != null) {
      job.withNewStatus()
          .addNewCondition()
          .withType(conditionType)
          .withStatus("True")
          .withReason(reason)
          .withMessage("Job has reached the specified backoff limit")
          .endCondition()
          .endStatus();
    }
    return job.build();
  }

  /** A pod of the Job, as the Job controller labels it. */
  static PodBuilder ofJob(String jobUid, String created) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("jsi-0123-build-" + created.hashCode())
        .withLabels(java.util.Map.of("batch.kubernetes.io/controller-uid", jobUid))
        .withCreationTimestamp(created)
        .endMetadata();
  }

  static Pod terminated(String reason, int exitCode, String message) {
    return ofJob(JOB_UID, "2026-11-30T06:00:00Z")
        .withNewStatus()
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("kaniko")
                .withNewState()
                .withNewTerminated()
                .withReason(reason)
                .withExitCode(exitCode)
                .withMessage(message)
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  @Test
  void completedJobGivesTheDigestFromTheTerminationMessage() {
    assertThat(
            BuildJobStatus.outcome(
                job("Complete", null), List.of(terminated("Completed", 0, DIGEST)), EXECUTOR))
        .isEqualTo(new BuildOutcome.Succeeded(DIGEST));
    assertThat(
            BuildJobStatus.outcome(
                job("Complete", null), List.of(terminated("Completed", 0, "")), EXECUTOR))
        .isInstanceOf(BuildOutcome.Failed.class)
        .extracting(o -> ((BuildOutcome.Failed) o).reason())
        .isEqualTo("NoDigest");
    // The pod's final status can reach the cache after the Job's: not a failure yet.
    assertThat(
            BuildJobStatus.outcome(
                job("Complete", null),
                List.of(ofJob(JOB_UID, "2026-11-30T06:00:00Z").build()),
                EXECUTOR))
        .isInstanceOf(BuildOutcome.Running.class);
    // No pod at all: it is gone with the digest, and the registry has to say.
    assertThat(BuildJobStatus.outcome(job("Complete", null), List.of(), EXECUTOR))
        .isInstanceOf(BuildOutcome.PodGone.class);
  }

  @Test
  void podsOfAnEarlierJobOfTheSysimageAreNotThisJobs() {
    Pod earlier =
        ofJob("an-earlier-job", "2026-11-30T05:00:00Z")
            .withNewStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("kaniko")
                    .withNewState()
                    .withNewTerminated()
                    .withReason("OOMKilled")
                    .withExitCode(137)
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus()
            .build();
    assertThat(BuildJobStatus.outcome(job(null, null), List.of(earlier), EXECUTOR))
        .isEqualTo(new BuildOutcome.Running(null));
    // Matched by the owner reference too, for pods made before the label existed (< 1.27).
    Pod owned =
        new PodBuilder(terminated("Completed", 0, DIGEST))
            .editMetadata()
            .withLabels(java.util.Map.of())
            .addNewOwnerReference()
            .withUid(JOB_UID)
            .withKind("Job")
            .withName("jsi-0123-build")
            .withApiVersion("batch/v1")
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(BuildJobStatus.outcome(job("Complete", null), List.of(earlier, owned), EXECUTOR))
        .isEqualTo(new BuildOutcome.Succeeded(DIGEST));
  }

  /** Creation times have whole seconds: a replacement made in the same second still counts. */
  @Test
  void theReplacementOfADisruptedPodTellsHowTheBuildWent() {
    Pod evicted =
        ofJob(JOB_UID, "2026-11-30T06:00:00Z")
            .withNewStatus()
            .addNewCondition()
            .withType("DisruptionTarget")
            .withStatus("True")
            .withReason("EvictionByEvictionAPI")
            .endCondition()
            .endStatus()
            .build();
    Pod replacement = terminated("Completed", 0, DIGEST);
    for (List<Pod> order : List.of(List.of(evicted, replacement), List.of(replacement, evicted))) {
      assertThat(BuildJobStatus.outcome(job("Complete", null), order, EXECUTOR))
          .isEqualTo(new BuildOutcome.Succeeded(DIGEST));
    }
  }

  @Test
  void aDisruptedPodIsNotABuildFailure() {
    Pod evicted =
        ofJob(JOB_UID, "2026-11-30T06:00:00Z")
            .withNewStatus()
            .addNewCondition()
            .withType("DisruptionTarget")
            .withStatus("True")
            .withReason("EvictionByEvictionAPI")
            .withMessage("Eviction API: evicting")
            .endCondition()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("kaniko")
                    .withNewState()
                    .withNewTerminated()
                    .withReason("Error")
                    .withExitCode(137)
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus()
            .build();
    assertThat(
            BuildJobStatus.outcome(
                job("Failed", "BackoffLimitExceeded"), List.of(evicted), EXECUTOR))
        .isInstanceOf(BuildOutcome.Disrupted.class)
        .extracting(o -> ((BuildOutcome.Disrupted) o).message())
        .asString()
        .contains("EvictionByEvictionAPI");
  }

  @Test
  void aFailedJobWhosePodsEndIsNotCachedYetWaitsForIt() {
    Pod stillRunning =
        ofJob(JOB_UID, "2026-11-30T06:00:00Z")
            .withNewStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("kaniko")
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build())
            .endStatus()
            .build();
    assertThat(
            BuildJobStatus.outcome(
                job("Failed", "BackoffLimitExceeded"), List.of(stillRunning), EXECUTOR))
        .isInstanceOf(BuildOutcome.Running.class);
    // No pod left to wait for: the Job's own words.
    assertThat(BuildJobStatus.outcome(job("Failed", "BackoffLimitExceeded"), List.of(), EXECUTOR))
        .isEqualTo(
            new BuildOutcome.Failed(
                "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
  }

  @Test
  void failuresSayWhyAndWhatToChange() {
    assertThat(
            BuildJobStatus.outcome(
                job("Failed", "BackoffLimitExceeded"),
                List.of(terminated("OOMKilled", 137, null)),
                EXECUTOR))
        .isEqualTo(
            new BuildOutcome.Failed(
                "OOMKilled",
                "the build ran out of memory: raise"
                    + " spec.build.resources.limits.memory (sysimage builds need several GiB)"));
    assertThat(
            BuildJobStatus.outcome(
                job("Failed", "BackoffLimitExceeded"),
                List.of(terminated("Error", 1, null)),
                EXECUTOR))
        .isEqualTo(
            new BuildOutcome.Failed(
                "BuildFailed",
                "the Kaniko executor exited with code 1; the log tail below shows why"));

    Pod unschedulable =
        ofJob(JOB_UID, "2026-11-30T06:00:00Z")
            .withNewStatus()
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage("0/3 nodes are available: 3 Insufficient memory.")
            .endCondition()
            .endStatus()
            .build();
    assertThat(BuildJobStatus.outcome(job(null, null), List.of(unschedulable), EXECUTOR))
        .isEqualTo(
            new BuildOutcome.Running(
                "the build pod cannot be scheduled: 0/3 nodes are"
                    + " available: 3 Insufficient memory."));
    assertThat(
            ((BuildOutcome.Failed)
                    BuildJobStatus.outcome(
                        job("Failed", "DeadlineExceeded"), List.of(unschedulable), EXECUTOR))
                .message())
        .isEqualTo(
            "the build ran longer than spec.build.deadlineSeconds (3600 s); its pod was"
                + " never scheduled: 0/3 nodes are available: 3 Insufficient memory.; raise the"
                + " deadline or the build resources");

    Pod pullBackOff =
        ofJob(JOB_UID, "2026-11-30T06:00:00Z")
            .withNewStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("kaniko")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image")
                    .endWaiting()
                    .endState()
                    .build())
            .endStatus()
            .build();
    assertThat(BuildJobStatus.outcome(job(null, null), List.of(pullBackOff), EXECUTOR))
        .extracting(o -> ((BuildOutcome.Failed) o).reason())
        .isEqualTo("ExecutorImagePullFailed");
  }

  @Test
  void aJobWithoutConditionsIsRunning() {
    assertThat(BuildJobStatus.outcome(job(null, null), List.of(), EXECUTOR))
        .isEqualTo(new BuildOutcome.Running(null));
  }
}
