package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Phase;
import dev.juliapod.client.LocalProject;
import dev.juliapod.client.LocalTree;
import dev.juliapod.client.WorkspaceSync;
import dev.juliapod.julia.InvalidEnvironmentException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Pushes the project folder's changes into the running session's /workspace/project,"
          + " and saves the session's REPL history on this machine"
          + " (~/.local/state/juliapod/NS/NAME/repl_history.jl) so a new session starts"
          + " with it.",
      "Files changed in the session since the last push are not overwritten (--force"
          + " does); files the session made are never touched. Hidden folders and the"
          + " patterns in .juliapodignore stay behind."
    })
final class SyncCommand implements Callable<Integer> {
  /** Pull the history every this many checks while watching. */
  private static final int HISTORY_EVERY = 10;

  @ParentCommand JuliaPodCommand parent;

  @Spec CommandSpec spec;

  @Mixin Target target;

  @Parameters(
      paramLabel = "DIR",
      defaultValue = ".",
      arity = "0..1",
      description = "The project folder (default: the current one).")
  Path dir;

  @Option(
      names = "--watch",
      description = "Keep going: push each change as it is saved," + " until Ctrl-C.")
  boolean watch;

  @Option(names = "--force", description = "Overwrite files changed in the session too.")
  boolean force;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "PT1S",
      description = "How often --watch looks for changes (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Context context = parent.context();
    ProjectFolder folder = ProjectFolder.load("sync", dir, null, context, err);
    if (folder == null) {
      return 2;
    }
    LocalProject project = folder.project();
    String name = folder.name();
    try (KubernetesClient client = context.clients().get()) {
      String ns = target.namespace(client);
      JuliaPod pod = client.resources(JuliaPod.class).inNamespace(ns).withName(name).get();
      String phase = pod == null || pod.getStatus() == null ? null : pod.getStatus().phase;
      if (!Phase.READY.is(phase)) {
        err.println(
            "juliapod sync: "
                + (pod == null
                    ? "no JuliaPod " + ns + "/" + name
                    : ns + "/" + name + " is " + Objects.requireNonNullElse(phase, "not started"))
                + ": start the session with `juliapod repl "
                + dir
                + "`");
        return 1;
      }
      WorkspaceSync sync =
          WorkspaceSync.of(client, context.env(), ns, name, pod.getStatus().pod, out);
      try {
        sync.start(dir, force);
        staleProjectHint(pod, reload(project, pod), out);
        if (watch) {
          watch(sync, err);
        }
        if (!Thread.currentThread().isInterrupted()) {
          sync.pullHistory();
        }
      } catch (IOException e) {
        err.println("juliapod sync: " + ns + "/" + pod.getStatus().pod + ": " + e.getMessage());
        return 1;
      }
      return 0;
    } catch (Context.NoClusterException | KubernetesClientException e) {
      err.println("juliapod sync: " + Context.describe(e));
      return 1;
    }
  }

  /** Until interrupted: push on each change, pull the history now and then. */
  private void watch(WorkspaceSync sync, PrintWriter err) throws IOException {
    spec.commandLine().getOut().println("Watching " + dir + " (Ctrl-C to stop)");
    spec.commandLine().getOut().flush();
    // Empty, so the first check pushes whatever changed since the first sync's scan.
    Map<String, String> seen = Map.of();
    String lastError = null;
    try {
      for (int tick = 1; ; tick++) {
        Thread.sleep(interval.toMillis());
        try {
          LocalTree tree = LocalTree.scan(dir);
          Map<String, String> now = tree.fingerprint();
          if (!now.equals(seen)) {
            sync.push(tree, force, false);
            seen = now;
          }
          if (tick % HISTORY_EVERY == 0) {
            sync.pullHistory();
          }
          lastError = null;
        } catch (IOException e) {
          if (!Objects.equals(lastError, e.getMessage())) {
            err.println("juliapod sync: " + e.getMessage() + " (trying again)");
            err.flush();
          }
          lastError = e.getMessage();
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  /** The folder read as the session's Julia reads it: its version picks the Manifest. */
  private static LocalProject reload(LocalProject project, JuliaPod pod) {
    String version = pod.getSpec().julia == null ? null : pod.getSpec().julia.version;
    try {
      return version == null ? project : LocalProject.load(project.dir(), version);
    } catch (InvalidEnvironmentException e) {
      return project;
    }
  }

  /** sync moves files; a changed environment needs a new JuliaPod spec, which repl applies. */
  private static void staleProjectHint(JuliaPod pod, LocalProject project, PrintWriter out) {
    var inline = pod.getSpec().project == null ? null : pod.getSpec().project.inline;
    if (inline != null
        && (!project.projectToml().equals(inline.projectToml)
            || !project.manifestToml().equals(inline.manifestToml))) {
      out.println(
          "  Project.toml or Manifest.toml changed since the session started: run"
              + " `juliapod repl` to update the JuliaPod (and its sysimage if pinned packages"
              + " changed), or Pkg.instantiate() in the session");
    }
  }
}
