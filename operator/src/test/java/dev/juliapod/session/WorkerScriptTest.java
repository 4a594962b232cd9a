package dev.juliapod.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.operator.KubeletVolumes;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectSources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * worker.sh, run for real by /bin/sh with a stand-in for julia that behaves as worker.jl does
 * (writes the listened file once it listens, then ends when its session leaves): a worker that had
 * listened is started again, one that never listened ends the container with its code, SIGTERM ends
 * it.
 */
class WorkerScriptTest {
  @TempDir Path dir;

  private Path script() throws Exception {
    Plan plan =
        Planner.plan(
            SessionPodTest.hello(),
            ProjectSources.inline(SessionPodTest.hello()),
            OperatorDefaults.builtIn());
    ConfigMap files = SessionObjects.files(plan, ProjectSources.inline(SessionPodTest.hello()));
    Path mount = dir.resolve("etc-juliapod-session");
    KubeletVolumes.configMap(files, null, mount);
    return mount.resolve(WorkerPod.WORKER_SCRIPT);
  }

  private Path fakeJulia(String body) throws IOException {
    Path julia = dir.resolve("julia");
    Files.writeString(julia, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(julia, PosixFilePermissions.fromString("rwxr-xr-x"));
    return julia;
  }

  private Process start(Path julia) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("sh", script().toString(), julia.toString(), "--bind-to=0.0.0.0:9009")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    builder.environment().put("JULIAPOD_WORKER_LISTENED", dir.resolve("listened").toString());
    builder.environment().put("JULIAPOD_WORKER_READY", dir.resolve("ready").toString());
    return builder.start();
  }

  @Test
  void aWorkerThatListenedIsStartedAgainAndOneThatNeverDidEndsTheContainer() throws Exception {
    // Runs 1 and 2 listen and end as a worker whose session left (exit 1, then rmprocs' 0);
    // run 3 fails before it listens, as a bad flag or a broken sysimage would.
    Path julia =
        fakeJulia(
            """
        n=$(cat runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > runs
        [ -e "$JULIAPOD_WORKER_LISTENED" ] && echo "run $n found an old listened file"
        [ -e "$JULIAPOD_WORKER_READY" ] && echo "run $n found an old ready file"
        echo "run $n args $*"
        [ "$n" -ge 3 ] && exit 0
        printf 'julia_worker:9009#0.0.0.0\\n' > "$JULIAPOD_WORKER_LISTENED"
        touch "$JULIAPOD_WORKER_READY"
        exit $((2 - n))
        """);
    Process sh = start(julia);
    assertThat(sh.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(sh.exitValue()).as(out).isEqualTo(1); // a clean exit before listening is a failure
    assertThat(out.lines().filter(l -> l.startsWith("run ")))
        .containsExactly(
            "run 1 args --bind-to=0.0.0.0:9009",
            "run 2 args --bind-to=0.0.0.0:9009",
            "run 3 args --bind-to=0.0.0.0:9009");
    assertThat(out)
        .contains("the session left this worker (exit status 1)")
        .contains("the session left this worker (exit status 0)")
        .contains("the worker ended (exit status 0) before it listened");
    assertThat(dir.resolve("ready")).doesNotExist();
  }

  @Test
  void sigtermEndsTheWorkerAndTheContainer() throws Exception {
    Path julia =
        fakeJulia(
            """
        trap 'echo "julia got TERM"; exit 143' TERM
        printf 'julia_worker:9009#0.0.0.0\\n' > "$JULIAPOD_WORKER_LISTENED"
        touch started
        while :; do sleep 0.1; done
        """);
    Process sh = start(julia);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(dir.resolve("started")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    new ProcessBuilder("kill", "-TERM", Long.toString(sh.pid())).start().waitFor();
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).contains("julia got TERM");
    assertThat(sh.exitValue()).isEqualTo(143);
    assertThat(out).doesNotContain("starting a new one");
  }
}
