package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.client.LocalProject;
import dev.juliapod.client.PackageOrigins;
import dev.juliapod.client.Terminal;
import dev.juliapod.client.WorkspaceSync;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "repl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "From a project folder to a Julia REPL in the cluster: creates or updates the"
          + " JuliaPod <project>-<user> with the folder's Project.toml and Manifest.toml,"
          + " shows the build's progress, copies the folder into the session's workspace,"
          + " and attaches your terminal to the REPL; the REPL history is saved here when"
          + " you leave.",
      "Exit status: 0 when the REPL ends (with -e: Julia's exit status), 1 when the build"
          + " or session fails, 2 for a bad project or option, 130 when interrupted."
    })
final class ReplCommand implements Callable<Integer> {
  @ParentCommand JuliaPodCommand parent;

  @Spec CommandSpec spec;

  @Mixin Target target;

  @Parameters(
      paramLabel = "DIR",
      defaultValue = ".",
      arity = "0..1",
      description = "Folder with Project.toml and Manifest.toml (default: the current one).")
  Path dir;

  @Mixin SessionOptions session;

  @Option(
      names = "--port-forward",
      paramLabel = "LOCAL:REMOTE",
      description =
          "Forward a local port to the session while attached (repeatable), e.g."
              + " 1234:1234 for Pluto.")
  List<String> portForwards = new ArrayList<>();

  @Option(
      names = "--no-sync",
      description =
          "Do not copy the folder into the session's"
              + " workspace, nor save its REPL history here (see `juliapod sync`).")
  boolean noSync;

  @Option(
      names = "-e",
      paramLabel = "CODE",
      description =
          "Run CODE in the session instead of attaching; print its output and exit"
              + " with Julia's exit status.")
  String code;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2H",
      description = "How long to wait for the session (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Context context = parent.context();
    ProjectFolder folder = ProjectFolder.load("repl", dir, session.juliaVersion, context, err);
    if (folder == null) {
      return 2;
    }
    LocalProject project = folder.project();
    String name = folder.name();
    for (String forward : portForwards) {
      if (!forward.matches("\\d{1,5}:\\d{1,5}")) {
        err.println(
            "juliapod repl: --port-forward "
                + forward
                + ": write LOCAL:REMOTE, e.g."
                + " 1234:1234");
        return 2;
      }
    }
    dev.juliapod.client.SessionSettings settings;
    try {
      settings = session.settings(); // before the cluster: a bad flag is exit 2 with or without one
    } catch (IllegalArgumentException e) {
      err.println("juliapod repl: " + e.getMessage());
      return 2;
    }
    try (KubernetesClient client = context.clients().get()) {
      String ns = target.namespace(client);
      JuliaPod applied;
      try {
        applied = ReplJuliaPod.apply(client, project, name, ns, settings, out);
        ReplJuliaPod.warnAboutOrigins(applied, project, PackageOrigins.depots(context.env()), err);
      } catch (IllegalArgumentException e) {
        err.println("juliapod repl: " + e.getMessage());
        return 2;
      }
      JuliaPod ready = new ReplWait(out, err, dir).ready(client, applied, context, timeout);
      if (ready == null) {
        return 1;
      }
      Terminal terminal = new Terminal(client, context.env(), ns, ready.getStatus().pod);
      WorkspaceSync sync =
          noSync
              ? null
              : WorkspaceSync.of(client, context.env(), ns, name, ready.getStatus().pod, out);
      if (sync != null) {
        trySync(
            () -> sync.start(dir, false),
            err,
            "could not copy " + dir + " into the session (attaching anyway; --no-sync skips this)");
      }
      out.flush();
      int exit;
      if (code != null) {
        List<String> command = new ArrayList<>(replCommand(client, ns, ready));
        command.add("-e");
        command.add(code);
        exit = terminal.exec("julia", command);
      } else {
        out.println(
            "Attaching to " + ns + "/" + ready.getStatus().pod + " (press Enter for the prompt)");
        out.flush();
        exit = terminal.attach("julia", portForwards);
      }
      if (sync != null) {
        trySync(sync::pullHistory, err, "could not save the REPL history");
      }
      return exit;
    } catch (Context.NoClusterException | KubernetesClientException e) {
      err.println("juliapod repl: " + Context.describe(e));
      return 1;
    } catch (java.io.IOException e) {
      err.println("juliapod repl: " + e.getMessage());
      return 1;
    }
  }

  private interface SyncStep {
    void run() throws java.io.IOException, InterruptedException;
  }

  /** Syncing helps but is not what the user asked for: a failure is a warning. */
  private static void trySync(SyncStep step, PrintWriter err, String what)
      throws InterruptedException {
    try {
      step.run();
    } catch (java.io.IOException e) {
      err.println("juliapod repl: " + what + ": " + e.getMessage());
      err.flush();
    }
  }

  /** The REPL's own julia command line, so -e runs with the same sysimage and project. */
  private static List<String> replCommand(KubernetesClient client, String ns, JuliaPod pod) {
    return SessionPod.juliaCommand(
        client.pods().inNamespace(ns).withName(pod.getStatus().pod).get());
  }
}
