package dev.juliapod.session;

import dev.juliapod.api.Labels;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.api.WorkersSpec;
import dev.juliapod.build.BuildContext;
import dev.juliapod.build.GitAccess;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Distributed.jl worker pod (docs/design.md, "Distributed workers"): the session pod's image,
 * sysimage, project, Julia flags and environment, so a package loads on a worker as in the REPL.
 * Its workspace is the pod's own (the session's claim is ReadWriteOnce): the init container runs
 * the session's prepare.jl into it, installing the unpinned packages and precompiling them with the
 * worker's flags. Then worker.sh keeps `julia ... worker.jl` running; a worker serves one master
 * and exits when it leaves (Distributed's process_messages.jl: the connection to pid 1 lost is
 * exit(1); rmprocs is exit(0)), and the next one waits for the next addworkers().
 */
public final class WorkerPod {
  /** start_worker writes `julia_worker:PORT#ADDR` here once it listens. */
  static final String LISTENED = SessionFiles.WORKSPACE + "/worker-listened";

  /**
   * The readiness probe's file, there while the worker listens and no session has joined it
   * (worker.jl): only such workers are in the Service's DNS, so no second session joins one.
   */
  static final String READY = SessionFiles.WORKSPACE + "/worker-ready";

  static final String WORKER_SCRIPT = "worker.sh";
  static final String WORKER_PROGRAM = "worker.jl";

  /**
   * Seconds a worker waits for a master before exiting (Distributed's worker_timeout(), read at
   * each use; 60 by default). Large but finite: 1.10 and 1.11 sleep() for it in a task, and
   * sleep(Inf) throws (Distributed cluster.jl, wait_for_conn). addworkers() sets it back to 60 on
   * the workers it joins, since it also bounds how long a worker waits for its peers.
   */
  static final String WAIT_FOR_MASTER = "1e7";

  private WorkerPod() {}

  /** Worker {@code i} is {@code prefix + i}. */
  public static String prefix(Plan plan) {
    return plan.name() + "-worker-";
  }

  public static String name(Plan plan, int index) {
    return prefix(plan) + index;
  }

  public static Pod of(Plan session, String image, WorkersSpec workers, int index) {
    Plan plan = session.withSession(spec(session.session(), workers));
    Pod pod = SessionPod.of(plan, image, false, false);
    pod.getMetadata().setName(name(session, index));
    pod.getMetadata().setLabels(Labels.workers(session.name()));
    var spec = pod.getSpec();
    Container julia = spec.getContainers().get(0);
    List<String> command =
        new ArrayList<>(List.of("sh", SessionFiles.SOURCE + "/" + WORKER_SCRIPT));
    command.add("julia");
    if (plan.bakedSysimage()) {
      command.add("--sysimage=" + BuildContext.SYSIMAGE);
    }
    command.add("--project=" + SessionFiles.PROJECT);
    command.add("--startup-file=no");
    command.add("--bind-to=0.0.0.0:" + SessionWorkers.PORT); // Distributed listens on IPv4 only
    command.addAll(WorkerArgs.of(Objects.requireNonNullElse(plan.session().juliaArgs, List.of())));
    command.add(SessionFiles.SOURCE + "/" + WORKER_PROGRAM);
    julia.setCommand(command);
    julia.setStdin(null);
    julia.setTty(null);
    // Pkg does not run here: the package credentials stay in prepare.
    julia.getVolumeMounts().removeIf(m -> GitAccess.VOLUME.equals(m.getName()));
    julia.getEnv().removeIf(e -> SessionContainers.CREDENTIALS.equals(e.getName()));
    julia.getEnv().add(new EnvVar(SessionWorkers.COOKIE_ENV, SessionWorkers.COOKIE_FILE, null));
    julia.getEnv().add(new EnvVar("JULIAPOD_WORKER_LISTENED", LISTENED, null));
    julia.getEnv().add(new EnvVar("JULIAPOD_WORKER_READY", READY, null));
    julia.getEnv().add(new EnvVar("JULIA_WORKER_TIMEOUT", WAIT_FOR_MASTER, null));
    julia.getVolumeMounts().add(SessionWorkers.cookieMount());
    ContainerPort port = new ContainerPort();
    port.setName(SessionWorkers.PORT_NAME);
    port.setContainerPort(SessionWorkers.PORT);
    port.setProtocol("TCP");
    julia.setPorts(new ArrayList<>(List.of(port)));
    // Not a TCP probe: a connection without the cookie makes the worker log "Unknown remote"
    // with a backtrace, every period (Distributed process_messages.jl, process_hdr).
    Probe ready = new Probe();
    ready.setExec(new ExecAction(new ArrayList<>(List.of("test", "-e", READY))));
    ready.setPeriodSeconds(2);
    ready.setFailureThreshold(1); // out of DNS at once when a session joins it
    // Not the 1 s default: an exec probe through the runtime can take longer on a busy node, and
    // one timeout would take a waiting worker out of DNS.
    ready.setTimeoutSeconds(5);
    julia.setReadinessProbe(ready);

    spec.getVolumes().removeIf(v -> SessionContainers.WORKSPACE_VOLUME.equals(v.getName()));
    Volume workspace = new Volume();
    workspace.setName(SessionContainers.WORKSPACE_VOLUME);
    workspace.setEmptyDir(new EmptyDirVolumeSource());
    spec.getVolumes().add(0, workspace);
    spec.getVolumes().add(SessionWorkers.cookieVolume(plan));
    // No API token, whatever account the session has.
    spec.setServiceAccountName(null);
    spec.setAutomountServiceAccountToken(false);
    return pod;
  }

  /** The session's spec with the workers' resources and placement where they give them. */
  static SessionSpec spec(SessionSpec session, WorkersSpec workers) {
    SessionSpec spec = new SessionSpec();
    spec.resources = workers.resources != null ? workers.resources : session.resources;
    spec.imagePullSecrets = session.imagePullSecrets;
    spec.nodeSelector =
        workers.nodeSelector != null ? new TreeMap<>(workers.nodeSelector) : session.nodeSelector;
    spec.tolerations = workers.tolerations != null ? workers.tolerations : session.tolerations;
    spec.env = session.env;
    // Threads follow the worker's own CPU limit when it has its own resources.
    spec.threads = workers.resources != null ? null : session.threads;
    spec.juliaArgs = session.juliaArgs;
    return spec;
  }

  /** The worker pods' labels, which the Service and the NetworkPolicy select. */
  public static Map<String, String> labels(Plan plan) {
    return Labels.workers(plan.name());
  }
}
