package dev.juliapod.client;

import dev.juliapod.session.SessionFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** `juliapod sync` and the sync inside `juliapod repl`: push, then say what happened. */
public final class WorkspaceSync {
  private final Workspace workspace;
  private final String where;
  private final Path savedHistory;
  private final PrintWriter out;

  /**
   * @param where the session as the user should read it, e.g. ns/pod
   * @param savedHistory the REPL history on this machine ({@link SavedHistory})
   */
  public WorkspaceSync(Workspace workspace, String where, Path savedHistory, PrintWriter out) {
    this.workspace = workspace;
    this.where = where;
    this.savedHistory = savedHistory;
    this.out = out;
  }

  /** Sync through the session's REPL container, with the history saved per JuliaPod. */
  public static WorkspaceSync of(
      KubernetesClient client,
      Map<String, String> env,
      String namespace,
      String juliaPod,
      String pod,
      PrintWriter out) {
    Workspace workspace = new Workspace(new RemoteShell(client, env, namespace, pod, "julia"));
    return new WorkspaceSync(
        workspace, namespace + "/" + pod, SavedHistory.path(env, namespace, juliaPod), out);
  }

  /** The first sync of a run: the saved history into a fresh workspace, then the files. */
  public void start(Path dir, boolean force) throws IOException, InterruptedException {
    workspace.seedHistory(savedHistory);
    LocalTree tree = LocalTree.scan(dir);
    tree.skipped().forEach(s -> out.println("  left out: " + s));
    push(tree, force, true);
  }

  /**
   * @param always print a line even when nothing changed
   */
  public void push(LocalTree tree, boolean force, boolean always)
      throws IOException, InterruptedException {
    Workspace.Pushed pushed = workspace.push(tree, force);
    SyncPlan plan = pushed.plan();
    String target = where + ":" + SessionFiles.PROJECT;
    if (!plan.changesNothing()) {
      out.println(
          "Synced "
              + target
              + ": "
              + plan.upload().size()
              + " copied, "
              + plan.delete().size()
              + " deleted ("
              + pushed.files()
              + " files here)");
      if (plan.upload().size() + plan.delete().size() <= 5) {
        plan.upload().forEach(p -> out.println("  + " + p));
        plan.delete().forEach(p -> out.println("  - " + p));
      }
    } else if (always) {
      out.println(target + " is up to date (" + pushed.files() + " files)");
    }
    plan.warnings().forEach(w -> out.println("  " + w));
    out.flush();
  }

  /**
   * @return whether there was a history to save
   */
  public boolean pullHistory() throws IOException, InterruptedException {
    return workspace.pullHistory(savedHistory);
  }
}
