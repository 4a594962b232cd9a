package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `juliapod sync`: local edits reach the session; the session's own edits are kept. */
class SyncCommandTest extends SessionCommandTest {
  static final String NAME = "my-analysis-alice-smith";

  @BeforeEach
  void session() throws Exception {
    Files.createDirectories(project.resolve("src"));
    Files.writeString(project.resolve("src/MyAnalysis.jl"), "module MyAnalysis\nend\n");
    Files.writeString(project.resolve("src/old.jl"), "# going away\n");
    Files.writeString(project.resolve("notes.jl"), "# mine\n");
    Cli repl = run("repl", project.toString(), "-n", ns);
    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(remote("src/old.jl")).exists();
  }

  @Test
  void pushesChangesAndDeletionsAndKeepsWhatTheSessionMade() throws Exception {
    Files.writeString(project.resolve("src/MyAnalysis.jl"), "module MyAnalysis\nf() = 1\nend\n");
    Files.delete(project.resolve("src/old.jl"));
    Files.writeString(remote("results.csv"), "a,b\n1,2\n");

    Cli sync = run("sync", project.toString(), "-n", ns);

    assertThat(sync.exit()).as(sync.err()).isZero();
    assertThat(sync.out())
        .contains(
            "Synced " + ns + "/" + NAME + "-repl:/workspace/project:" + " 1 copied, 1 deleted",
            "  + src/MyAnalysis.jl",
            "  - src/old.jl");
    assertThat(remote("src/MyAnalysis.jl")).hasContent("module MyAnalysis\nf() = 1\nend");
    assertThat(remote("src/old.jl")).doesNotExist();
    assertThat(remote("results.csv")).as("made in the session").exists();

    Cli again = run("sync", project.toString(), "-n", ns);
    assertThat(again.out()).contains(NAME + "-repl:/workspace/project is up to date (4 files)");
  }

  @Test
  void editsMadeInTheSessionAreNotOverwrittenWithoutForce() throws Exception {
    Files.writeString(remote("notes.jl"), "# edited in the REPL\n");
    Files.writeString(remote("src/MyAnalysis.jl"), "module MyAnalysis # session\nend\n");
    Files.writeString(project.resolve("src/MyAnalysis.jl"), "module MyAnalysis # here\nend\n");

    Cli sync = run("sync", project.toString(), "-n", ns);
    assertThat(sync.exit()).as(sync.err()).isZero();
    assertThat(sync.out())
        .contains(
            "changed here and in the session, not pushed (--force"
                + " overwrites the session's copy): src/MyAnalysis.jl",
            "changed in the session only, kept there: notes.jl");
    assertThat(remote("src/MyAnalysis.jl")).hasContent("module MyAnalysis # session\nend");
    assertThat(remote("notes.jl")).hasContent("# edited in the REPL");

    Cli forced = run("sync", project.toString(), "-n", ns, "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(remote("src/MyAnalysis.jl")).hasContent("module MyAnalysis # here\nend");
    assertThat(remote("notes.jl")).hasContent("# mine");
  }

  @Test
  void savesTheHistoryAndHintsWhenTheEnvironmentChanged() throws Exception {
    Files.writeString(session.resolve("workspace/repl_history.jl"), "# time: t\n\tplot(x)\n");
    Files.writeString(
        project.resolve("Project.toml"), Files.readString(project.resolve("Project.toml")) + "\n");

    Cli sync = run("sync", project.toString(), "-n", ns);

    assertThat(sync.exit()).as(sync.err()).isZero();
    assertThat(savedHistory(NAME)).hasContent("# time: t\n\tplot(x)");
    assertThat(sync.out())
        .contains(
            "Project.toml or Manifest.toml changed since the session"
                + " started: run `juliapod repl`");
  }

  @Test
  void watchPushesEachSaveUntilStopped() throws Exception {
    int before = allKubectlCalls().size();
    AtomicReference<Cli> result = new AtomicReference<>();
    Thread watcher =
        new Thread(
            () ->
                result.set(
                    run("sync", project.toString(), "-n", ns, "--watch", "--interval", "PT0.1S")));
    watcher.start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(allKubectlCalls()).hasSizeGreaterThan(before + 2));
      Files.writeString(project.resolve("src/new.jl"), "g() = 2\n");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(remote("src/new.jl")).hasContent("g() = 2"));
      Files.writeString(project.resolve("src/new.jl"), "g() = 3\n");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(remote("src/new.jl")).hasContent("g() = 3"));
    } finally {
      watcher.interrupt();
      watcher.join(10_000);
    }
    assertThat(result.get().exit()).isZero();
    assertThat(result.get().out()).contains("Watching " + project, "  + src/new.jl");
  }

  @Test
  void aStoppedSessionOrAnUnknownFolderSaysWhatToRun() throws Exception {
    assertThat(run("stop", NAME, "-n", ns).exit()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(get(NAME).getStatus().phase).isEqualTo("Suspended"));
    Cli stopped = run("sync", project.toString(), "-n", ns);
    assertThat(stopped.exit()).isEqualTo(1);
    assertThat(stopped.err())
        .contains(
            ns
                + "/"
                + NAME
                + " is Suspended: start the session with"
                + " `juliapod repl "
                + project
                + "`");

    Cli elsewhere = run("sync", project.toString(), "-n", "other");
    assertThat(elsewhere.exit()).isEqualTo(1);
    assertThat(elsewhere.err()).contains("no JuliaPod other/" + NAME);
  }
}
