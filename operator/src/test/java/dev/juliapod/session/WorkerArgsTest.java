package dev.juliapod.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What of the session's juliaArgs a worker runs with. */
class WorkerArgsTest {
  @Test
  void flagsThatDecideHowCodeCompilesStay() {
    assertThat(
            WorkerArgs.of(
                List.of(
                    "--threads=4,1", "-O3", "--check-bounds=yes", "-t", "8", "--math-mode=fast")))
        .containsExactly(
            "--threads=4,1", "-O3", "--check-bounds=yes", "-t", "8", "--math-mode=fast");
  }

  @Test
  void whatWouldRunSomethingElseStartProcessesOrMoveTheWorkerIsLeftOut() {
    assertThat(
            WorkerArgs.of(
                List.of(
                    "-e",
                    "using Foo",
                    "-O2",
                    "-p",
                    "4",
                    "--project=@.",
                    "--worker",
                    "--bind-to=127.0.0.1",
                    "-L",
                    "setup.jl",
                    "-i",
                    "--machine-file",
                    "hosts",
                    "--startup-file=yes",
                    "-t4")))
        .containsExactly("-O2", "-t4");
  }

  @Test
  void aProgramAndItsArgumentsAreTheReplsNotAWorkers() {
    assertThat(WorkerArgs.of(List.of("-O1", "script.jl", "-O3"))).containsExactly("-O1");
    assertThat(WorkerArgs.of(List.of("--", "-O3"))).isEmpty();
  }
}
