package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaSysimageStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.build.BuildOutcome;
import dev.juliapod.operator.StatusConditions.State;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a JuliaSysimage reconcile does next, for each state it can find, without a server. */
class SysimageStepTest {
  private static final Job JOB =
      new JobBuilder().withNewMetadata().withName("jsi-1-build").endMetadata().build();
  private static final BuildOutcome RUNNING = new BuildOutcome.Running(null);
  private static final BuildOutcome FAILED = new BuildOutcome.Failed("OOMKilled", "out");

  private static JuliaSysimageStatus status(
      long observed, State state, Phase phase, String reason) {
    JuliaSysimageStatus status = new JuliaSysimageStatus();
    StatusConditions.apply(status, observed, state, phase, reason, "m", Instant.EPOCH);
    return status;
  }

  private static final Duration RETENTION = Duration.ofMinutes(5);

  @Test
  void aSysimageNobodyUsesIsNeverBuiltAndGoesAfterTheRetention() {
    JuliaSysimageStatus fresh = new JuliaSysimageStatus();
    // In use: the usual steps.
    assertThat(SysimageStep.next(null, RETENTION, fresh, 1, null, null, null))
        .isEqualTo(new SysimageStep.Start());
    // Nobody uses it (an intermediate plan of a burst of edits): no build; look again when the
    // retention is over, or when a user comes.
    assertThat(SysimageStep.next(Duration.ofMinutes(1), RETENTION, fresh, 1, null, null, null))
        .isEqualTo(new SysimageStep.Later(Duration.ofMinutes(4)));
    assertThat(SysimageStep.next(RETENTION, RETENTION, fresh, 1, null, null, null))
        .isEqualTo(new SysimageStep.Remove());
    // A build that runs is followed while the retention lasts; a built one is kept till then.
    assertThat(SysimageStep.next(Duration.ofMinutes(1), RETENTION, fresh, 1, null, JOB, RUNNING))
        .isEqualTo(new SysimageStep.Follow(RUNNING));
    JuliaSysimageStatus built = status(1, State.READY, Phase.READY, "Built");
    built.image = "r/x@sha256:1";
    assertThat(SysimageStep.next(Duration.ofMinutes(1), RETENTION, built, 1, null, JOB, null))
        .isEqualTo(new SysimageStep.Idle());
    assertThat(SysimageStep.next(Duration.ofMinutes(6), RETENTION, built, 1, null, JOB, null))
        .isEqualTo(new SysimageStep.Remove());
  }

  @Test
  void aPushedImageWaitsForItsRegistryRecheck() {
    JuliaSysimageStatus built = status(1, State.READY, Phase.READY, "Built");
    built.image = "r/x@sha256:1";
    assertThat(SysimageStep.next(built, 1, null, JOB, FAILED)).isEqualTo(new SysimageStep.Idle());
    assertThat(SysimageStep.next(built, 1, Duration.ofSeconds(3), null, null))
        .isEqualTo(new SysimageStep.Later(Duration.ofSeconds(3)));
    assertThat(SysimageStep.next(built, 1, Duration.ZERO, null, null))
        .isEqualTo(new SysimageStep.RecheckImage());
  }

  @Test
  void aFailedBuildWaitsForAnEditThenRemovesItsJob() {
    JuliaSysimageStatus failed = status(2, State.STALLED, Phase.FAILED, "OOMKilled");
    assertThat(SysimageStep.next(failed, 2, null, JOB, FAILED))
        .as("no loop")
        .isEqualTo(new SysimageStep.Idle());
    assertThat(SysimageStep.next(failed, 3, null, JOB, FAILED))
        .isEqualTo(new SysimageStep.RemoveJob(false));
    assertThat(SysimageStep.next(failed, 3, null, JOB, RUNNING))
        .as("a running Job is the retry itself")
        .isEqualTo(new SysimageStep.Follow(RUNNING));
    assertThat(SysimageStep.next(failed, 3, null, null, null)).isEqualTo(new SysimageStep.Start());
  }

  @Test
  void whatTheResourceCannotFixIsLookedAtAgainWithoutAnEdit() {
    for (String reason :
        java.util.List.of(
            "PushSecretInvalid",
            "CredentialsSecretInvalid",
            "BuildPodRejected",
            "ApiRefused",
            "ReconcileError")) {
      JuliaSysimageStatus stalled = status(2, State.STALLED, Phase.FAILED, reason);
      assertThat(SysimageStep.next(stalled, 2, null, JOB, RUNNING))
          .as(reason)
          .isEqualTo(new SysimageStep.Follow(RUNNING));
      assertThat(SysimageStep.next(stalled, 2, null, null, null))
          .as(reason)
          .isEqualTo(new SysimageStep.Start());
    }
  }

  /**
   * An edit of a failed build whose next pass hit a passing error: the error's status keeps phase
   * Failed and the generation observed before (ReconcileErrors), so the edit still shows.
   */
  @Test
  void anErrorWhileActingOnAnEditDoesNotSwallowTheEdit() {
    JuliaSysimageStatus retrying = status(2, State.PROGRESSING, Phase.FAILED, "ReconcileError");
    assertThat(SysimageStep.next(retrying, 3, null, JOB, FAILED))
        .isEqualTo(new SysimageStep.RemoveJob(false));
    assertThat(SysimageStep.next(retrying, 3, null, null, null))
        .isEqualTo(new SysimageStep.Start());
  }

  @Test
  void aBuildThatEndedThroughNobodysFaultIsRemovedOnRetry() {
    JuliaSysimageStatus failed = status(2, State.STALLED, Phase.FAILED, "OOMKilled");
    for (BuildOutcome outcome :
        java.util.List.of(
            new BuildOutcome.PodGone("gone"), new BuildOutcome.Disrupted("evicted"))) {
      assertThat(SysimageStep.next(failed, 3, null, JOB, outcome))
          .isEqualTo(new SysimageStep.RemoveJob(false));
    }
  }

  @Test
  void aRefusedBuildEditedGetsANewJobEvenWhileItsJobRuns() {
    JuliaSysimageStatus refused = status(2, State.STALLED, Phase.FAILED, "BuildPodRejected");
    assertThat(SysimageStep.next(refused, 3, null, JOB, RUNNING))
        .isEqualTo(new SysimageStep.RemoveJob(false));
    assertThat(SysimageStep.next(refused, 2, null, JOB, RUNNING))
        .isEqualTo(new SysimageStep.Follow(RUNNING));
    assertThat(SysimageStep.next(refused, 3, null, null, null)).isEqualTo(new SysimageStep.Start());
  }

  @Test
  void anImageGoneFromTheRegistryRemovesTheJobThatPushedIt() {
    JuliaSysimageStatus gone = status(1, State.PROGRESSING, Phase.BUILDING, "ImageGone");
    BuildOutcome pushed = new BuildOutcome.Succeeded("sha256:1");
    assertThat(SysimageStep.next(gone, 1, null, JOB, pushed))
        .isEqualTo(new SysimageStep.RemoveJob(true));
    assertThat(SysimageStep.next(gone, 1, null, null, null)).isEqualTo(new SysimageStep.Start());
    assertThat(SysimageStep.next(gone, 1, null, JOB, RUNNING))
        .as("a rebuild already running")
        .isEqualTo(new SysimageStep.Follow(RUNNING));
  }

  @Test
  void aNewSysimageStartsAndARunningOneIsFollowed() {
    JuliaSysimageStatus fresh = new JuliaSysimageStatus();
    assertThat(SysimageStep.next(fresh, 1, null, null, null)).isEqualTo(new SysimageStep.Start());
    JuliaSysimageStatus building = status(1, State.PROGRESSING, Phase.BUILDING, "Building");
    assertThat(SysimageStep.next(building, 1, null, JOB, RUNNING))
        .isEqualTo(new SysimageStep.Follow(RUNNING));
  }
}
