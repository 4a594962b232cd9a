package dev.juliapod.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.operator.KubeletVolumes;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectSources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * repl.sh, run for real by /bin/sh with a stand-in for julia: leaving Julia starts a new REPL at
 * once, Julia failing ends the container with Julia's code, and the signals a pod gets reach Julia
 * (SIGTERM from the kubelet, SIGINT from Ctrl-C on the terminal).
 */
class ReplScriptTest {
  @TempDir Path dir;

  /**
   * The session ConfigMap as the kubelet mounts it (each key a link into ..data, {@link
   * KubeletVolumes}), so the script runs from where it runs in a pod.
   */
  private Path script() throws Exception {
    Pod pod = SessionPodTest.pod(SessionPodTest.hello());
    Plan plan =
        Planner.plan(
            SessionPodTest.hello(),
            ProjectSources.inline(SessionPodTest.hello()),
            OperatorDefaults.builtIn());
    ConfigMap files = SessionObjects.files(plan, ProjectSources.inline(SessionPodTest.hello()));
    Path mount = dir.resolve("etc-juliapod-session");
    KubeletVolumes.configMap(files, null, mount);
    List<String> command = pod.getSpec().getContainers().get(0).getCommand();
    assertThat(command.subList(0, 2))
        .containsExactly("sh", SessionFiles.SOURCE + "/" + SessionFiles.REPL);
    return mount.resolve(SessionFiles.REPL);
  }

  private Path fakeJulia(String body) throws IOException {
    Path julia = dir.resolve("julia");
    Files.writeString(julia, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(julia, PosixFilePermissions.fromString("rwxr-xr-x"));
    return julia;
  }

  @Test
  void leavingJuliaStartsANewReplAndAFailureEndsTheContainer() throws Exception {
    // Each run reads one line of the terminal; the third exits with 7.
    Path julia =
        fakeJulia(
            """
        n=$(cat runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > runs
        read line; echo "run $n args $* read $line"
        [ "$n" -lt 3 ] || exit 7
        """);
    Process sh =
        new ProcessBuilder("sh", script().toString(), julia.toString(), "--project=/p")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    sh.getOutputStream().write("a\nb\nc\n".getBytes(StandardCharsets.UTF_8));
    sh.getOutputStream().close();
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(sh.exitValue()).isEqualTo(7);
    assertThat(out.lines().filter(l -> l.startsWith("run ")))
        .containsExactly(
            "run 1 args --project=/p read a",
            "run 2 args --project=/p read b",
            "run 3 args --project=/p read c");
    assertThat(out).contains("juliapod: Julia exited; starting a new REPL");
  }

  @Test
  void theKubeletsSigtermReachesJuliaAndCtrlCDoesNotEndTheShell() throws Exception {
    Path julia =
        fakeJulia(
            """
        trap 'echo INT >> signals' INT
        trap 'echo TERM >> signals; exit 143' TERM
        echo started > started
        while :; do sleep 0.05; done
        """);
    // setsid: a process group of its own, as a container's first process has.
    Process sh =
        new ProcessBuilder("setsid", "sh", script().toString(), julia.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("started")));

    // Ctrl-C on a terminal signals the whole foreground process group.
    run("kill", "-INT", "--", "-" + sh.pid());
    await().atMost(Duration.ofSeconds(5)).until(() -> signals().contains("INT"));
    assertThat(sh.isAlive()).as("Ctrl-C is for Julia, not for the shell").isTrue();

    sh.destroy(); // SIGTERM to the shell alone, as the kubelet stops a container
    assertThat(sh.waitFor(5, TimeUnit.SECONDS)).as("no grace period waited out").isTrue();
    assertThat(signals()).containsExactly("INT", "TERM");
    assertThat(sh.exitValue()).isEqualTo(143);
  }

  private List<String> signals() throws IOException {
    Path file = dir.resolve("signals");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private static void run(String... command) throws Exception {
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
  }
}
