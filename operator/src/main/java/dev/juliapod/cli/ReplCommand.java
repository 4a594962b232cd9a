package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Policy;
import dev.juliapod.client.JuliaPodDraft;
import dev.juliapod.client.LocalProject;
import dev.juliapod.client.Progress;
import dev.juliapod.client.ReadyWait;
import dev.juliapod.client.SessionName;
import dev.juliapod.client.SessionSettings;
import dev.juliapod.client.Terminal;
import dev.juliapod.client.WorkspaceSync;
import dev.juliapod.julia.InvalidEnvironmentException;
import dev.juliapod.julia.SysimagePolicy;
import dev.juliapod.operator.Conflicts;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "repl",
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
            + " or session fails, 2 for a bad project or option, 130 when interrupted."})
final class ReplCommand implements Callable<Integer> {
  @ParentCommand
  JuliapodCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  Target target;

  @Parameters(paramLabel = "DIR", defaultValue = ".", arity = "0..1",
      description = "Folder with Project.toml and Manifest.toml (default: the current one).")
  Path dir;

  @Option(names = "--image", paramLabel = "IMAGE",
      description = "Run on this prebuilt image and skip the build (its julia and default"
          + " depots are used); --image= goes back to building.")
  String image;

  @Option(names = "--policy", converter = PolicyConverter.class, paramLabel = "POLICY",
      completionCandidates = PolicyConverter.class,
      description = "Which packages to bake: ${COMPLETION-CANDIDATES} (default: pinned, or"
          + " what the JuliaPod has).")
  SysimagePolicy policy;

  @Option(names = "--julia-version", paramLabel = "VERSION",
      description = "Julia version, when the Manifest does not name the one that resolved it.")
  String juliaVersion;

  @Option(names = "--cpu", paramLabel = "CPU", description = "CPU request, e.g. 2 or 500m.")
  String cpu;

  @Option(names = "--memory", paramLabel = "SIZE",
      description = "Memory request and limit, e.g. 8Gi.")
  String memory;

  @Option(names = "--gpu", paramLabel = "N", description = "NVIDIA GPUs (nvidia.com/gpu).")
  Integer gpu;

  @Option(names = "--julia-args", paramLabel = "ARGS", split = " ",
      description = "More arguments for julia, e.g. \"--optimize=0 --check-bounds=yes\".")
  List<String> juliaArgs;

  @Option(names = "--port-forward", paramLabel = "LOCAL:REMOTE",
      description = "Forward a local port to the session while attached (repeatable), e.g."
          + " 1234:1234 for Pluto.")
  List<String> portForwards = new ArrayList<>();

  @Option(names = "--no-sync", description = "Do not copy the folder into the session's"
      + " workspace, nor save its REPL history here (see `juliapod sync`).")
  boolean noSync;

  @Option(names = "-e", paramLabel = "CODE",
      description = "Run CODE in the session instead of attaching; print its output and exit"
          + " with Julia's exit status.")
  String code;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT2H",
      description = "How long to wait for the session (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Context context = parent.context();
    LocalProject project;
    try {
      project = LocalProject.load(dir, juliaVersion);
    } catch (InvalidEnvironmentException e) {
      err.println("juliapod repl: " + e.getMessage());
      return 2;
    }
    for (String forward : portForwards) {
      if (!forward.matches("\\d{1,5}:\\d{1,5}")) {
        err.println("juliapod repl: --port-forward " + forward + ": write LOCAL:REMOTE, e.g."
            + " 1234:1234");
        return 2;
      }
    }
    String name = SessionName.derive(project.name(), context.user());
    try (KubernetesClient client = context.clients().get()) {
      String ns = target.namespace(client);
      JuliaPod applied;
      try {
        applied = apply(client, project, name, ns, out);
      } catch (IllegalArgumentException e) {
        err.println("juliapod repl: " + e.getMessage());
        return 2;
      }
      ReadyWait.Outcome outcome = await(client, applied, context, out, err);
      if (outcome.timedOut()) {
        err.println("juliapod repl: " + ns + "/" + name + " is not ready after " + timeout
            + "; it keeps going. Come back with: juliapod repl " + dir);
        return 1;
      }
      if (!"Ready".equals(outcome.phase())) {
        err.println("juliapod repl: " + ns + "/" + name + " " + outcome.phase() + ": "
            + outcome.pod().getStatus().message);
        err.println("See `juliapod status " + name + "` and `juliapod logs " + name
            + (sessionFailed(outcome.pod()) ? " --prepare` (or without --prepare, the REPL's)"
            : " --build`") + "; fix the project and run juliapod repl again.");
        return 1;
      }
      // The same hint `juliapod plan` prints: why there is no sysimage, and how to get one.
      outcome.pod().getStatus().conditions.stream()
          .filter(c -> "SysimageReady".equals(c.getType())
              && "NothingToBake".equals(c.getReason()))
          .findFirst().ifPresent(c -> out.println("No sysimage: " + c.getMessage()));
      Terminal terminal = new Terminal(client, context.env(), ns, outcome.pod().getStatus().pod);
      WorkspaceSync sync = noSync ? null : WorkspaceSync.of(client, context.env(), ns, name,
          outcome.pod().getStatus().pod, out);
      if (sync != null) {
        trySync(() -> sync.start(dir, false), err, "could not copy " + dir
            + " into the session (attaching anyway; --no-sync skips this)");
      }
      out.flush();
      int exit;
      if (code != null) {
        List<String> command = new ArrayList<>(replCommand(client, ns, outcome.pod()));
        command.add("-e");
        command.add(code);
        exit = terminal.exec("julia", command);
      } else {
        out.println("Attaching to " + ns + "/" + outcome.pod().getStatus().pod
            + " (press Enter for the prompt)");
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

  private JuliaPod apply(KubernetesClient client, LocalProject project, String name, String ns,
      PrintWriter out) {
    SessionSettings settings = new SessionSettings(juliaVersion,
        policy == null ? null : Policy.of(policy), cpu, memory, gpu, juliaArgs, image);
    var resource = client.resources(JuliaPod.class).inNamespace(ns).withName(name);
    JuliaPod existing = resource.get();
    if (existing == null) {
      JuliaPod created = client.resource(JuliaPodDraft.of(project, name, ns, settings, null))
          .create();
      out.println("Created JuliaPod " + ns + "/" + name + " from " + project.dir()
          + (project.manifestFile().equals("Manifest.toml") ? ""
          : " (" + project.manifestFile() + ")"));
      return created;
    }
    long before = existing.getMetadata().getGeneration();
    JuliaPod updated = Conflicts.edit(resource, current -> {
      JuliaPod draft = JuliaPodDraft.of(project, name, ns, settings, current);
      current.setSpec(draft.getSpec());
      return current;
    });
    out.println((updated.getMetadata().getGeneration() > before ? "Updated" : "Reusing")
        + " JuliaPod " + ns + "/" + name);
    return updated;
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

  /** Waits with progress; on Ctrl-C the JVM exits (130) after the hint below. */
  private ReadyWait.Outcome await(KubernetesClient client, JuliaPod pod, Context context,
      PrintWriter out, PrintWriter err) throws InterruptedException {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    AtomicBoolean waiting = new AtomicBoolean(true);
    Thread hint = new Thread(() -> {
      if (waiting.get()) {
        err.println();
        err.println("juliapod repl: stopped waiting; " + ns + "/" + name + " carries on in"
            + " the cluster. Come back with: juliapod repl " + dir);
        err.flush();
      }
    });
    Runtime.getRuntime().addShutdownHook(hint);
    try {
      return new ReadyWait(client, new Progress(out, context.terminal()), Duration.ofSeconds(1))
          .await(ns, name, pod.getMetadata().getGeneration(), timeout);
    } finally {
      waiting.set(false);
      try {
        Runtime.getRuntime().removeShutdownHook(hint);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hint prints.
      }
    }
  }

  private static boolean sessionFailed(JuliaPod pod) {
    return pod.getStatus().conditions.stream().anyMatch(c -> "SessionReady".equals(c.getType())
        && "False".equals(c.getStatus()) && !"Starting".equals(c.getReason()));
  }

  /** The REPL's own julia command line, so -e runs with the same sysimage and project. */
  private static List<String> replCommand(KubernetesClient client, String ns, JuliaPod pod) {
    return SessionPod.juliaCommand(client.pods().inNamespace(ns)
        .withName(pod.getStatus().pod).get());
  }
}
