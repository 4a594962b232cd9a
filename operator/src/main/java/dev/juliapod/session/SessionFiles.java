package dev.juliapod.session;

import dev.juliapod.build.BuildContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The scripts a session pod runs, from this package's resources (docs/design.md, "The session"):
 * prepare.jl in the init container puts the project into the workspace, says where the Manifest and
 * the sysimage disagree and instantiates the unpinned packages; repl.sh keeps a REPL running in the
 * main container.
 */
public final class SessionFiles {
  public static final String SOURCE = "/etc/juliapod/session";

  /** Where the workspace claim is mounted, and the session's HOME. */
  public static final String WORKSPACE = "/workspace";

  public static final String PROJECT = WORKSPACE + "/project";
  public static final String DEPOT = WORKSPACE + "/depot";

  /** JULIA_HISTORY: the REPL history lives in the workspace, so it survives restarts. */
  public static final String HISTORY = WORKSPACE + "/repl_history.jl";

  /** In the workspace project: what `juliapod sync` last pushed there (sha256sum format). */
  public static final String SYNC_RECORD = ".juliapod-sync";

  public static final String PREPARE = "prepare.jl";
  public static final String REPL = "repl.sh";

  /** Loaded by the REPL with idle culling on ({@link SessionActivity}). */
  public static final String ACTIVITY = "activity.jl";

  /** Run by the session pod's activity sidecar. */
  public static final String ACTIVITY_SERVER = "activity-server.jl";

  /** Read once: every reconcile of every JuliaPod renders the session ConfigMap. */
  private static final String PREPARE_SCRIPT =
      resource(PREPARE)
          .replace("@SOURCE@", SOURCE)
          .replace("@PROJECT@", PROJECT)
          .replace("@SYNC_RECORD@", SYNC_RECORD)
          .replace("@BAKED@", BuildContext.BAKED);

  private static final String REPL_SCRIPT = resource(REPL);
  private static final String ACTIVITY_SCRIPT = resource(ACTIVITY);
  private static final String ACTIVITY_SERVER_SCRIPT = resource(ACTIVITY_SERVER);
  private static final String WORKER_SCRIPT = resource(WorkerPod.WORKER_SCRIPT);
  private static final String WORKER_PROGRAM = resource(WorkerPod.WORKER_PROGRAM);
  private static final String WORKERS_MODULE = resource(SessionWorkers.MODULE);

  private SessionFiles() {}

  public static String prepareScript() {
    return PREPARE_SCRIPT;
  }

  public static String replScript() {
    return REPL_SCRIPT;
  }

  public static String activityScript() {
    return ACTIVITY_SCRIPT;
  }

  public static String activityServerScript() {
    return ACTIVITY_SERVER_SCRIPT;
  }

  /** The scripts and module for Distributed.jl workers, by their name in the ConfigMap. */
  public static java.util.Map<String, String> workerScripts() {
    return java.util.Map.of(
        WorkerPod.WORKER_SCRIPT, WORKER_SCRIPT,
        WorkerPod.WORKER_PROGRAM, WORKER_PROGRAM,
        SessionWorkers.MODULE, WORKERS_MODULE);
  }

  private static String resource(String name) {
    try (InputStream in = SessionFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the juliapod jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
