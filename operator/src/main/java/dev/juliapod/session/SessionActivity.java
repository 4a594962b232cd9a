package dev.juliapod.session;

import dev.juliapod.build.BuildContext;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a session pod gets when idle culling is on for it (docs/design.md, "Idle culling"): the REPL
 * loads activity.jl, which records each input and each running evaluation in an in-memory volume,
 * and a sidecar container `activity` answers `GET /activity` on the port named {@value #PORT_NAME}
 * from what is recorded there. The listener is its own process: Julia runs its event loop on the
 * thread the REPL evaluates on (src/jl_uv.c, jl_process_events; JuliaLang/julia#50643), so a server
 * inside the REPL would stop answering while the user's code computes.
 */
public final class SessionActivity {
  public static final String CONTAINER = "activity";
  public static final String PORT_NAME = "activity";
  public static final int PORT = 8701;
  public static final String PATH = "/activity";

  /** Where the REPL's Julia processes record activity and the listener reads it. */
  public static final String DIR = "/run/juliapod";

  static final String VOLUME = "activity";
  static final String DIR_ENV = "JULIAPOD_ACTIVITY_DIR";

  private SessionActivity() {}

  /** Loaded into the REPL before its prompt; `-L` keeps the REPL, only -e and -E end it. */
  static List<String> replArgs() {
    return List.of("-L", SessionFiles.SOURCE + "/" + SessionFiles.ACTIVITY);
  }

  /** Per pod, in memory: a new pod never reads the activity of the one before it. */
  static Volume volume() {
    return inMemory(VOLUME, "1Mi");
  }

  private static Volume inMemory(String name, String size) {
    Volume volume = new Volume();
    volume.setName(name);
    EmptyDirVolumeSource memory = new EmptyDirVolumeSource();
    memory.setMedium("Memory");
    memory.setSizeLimit(new Quantity(size));
    volume.setEmptyDir(memory);
    return volume;
  }

  static VolumeMount mount() {
    return SessionContainers.mount(VOLUME, DIR, null);
  }

  static EnvVar dirEnv() {
    return new EnvVar(DIR_ENV, DIR, null);
  }

  /**
   * The listener: the session's image, Julia's own sysimage (not the baked one, which would cost
   * the memory of every pinned package), only the standard library, a read-only root file system,
   * no workspace and no credentials. Its failure restarts it alone; the REPL runs on.
   */
  static Container sidecar(Plan plan, String image) {
    Container container = new Container();
    container.setName(CONTAINER);
    container.setImage(image);
    container.setCommand(
        new ArrayList<>(
            List.of(
                "julia",
                "--startup-file=no",
                "--history-file=no",
                "--compile=min",
                "-O0",
                SessionFiles.SOURCE + "/" + SessionFiles.ACTIVITY_SERVER)));
    container.setEnv(
        new ArrayList<>(
            List.of(
                dirEnv(),
                new EnvVar("JULIAPOD_ACTIVITY_PORT", Integer.toString(PORT), null),
                // Sockets comes with Julia's sysimage; nothing from a depot is loaded.
                new EnvVar("JULIA_LOAD_PATH", "@stdlib", null),
                new EnvVar("JULIA_DEPOT_PATH", BuildContext.DEPOT, null))));
    ContainerPort port = new ContainerPort();
    port.setName(PORT_NAME);
    port.setContainerPort(PORT);
    port.setProtocol("TCP");
    container.setPorts(new ArrayList<>(List.of(port)));
    container.setResources(resources());
    container.setTerminationMessagePolicy("FallbackToLogsOnError");
    SecurityContext security = SessionContainers.restricted();
    security.setReadOnlyRootFilesystem(true);
    container.setSecurityContext(security);
    container.setVolumeMounts(
        new ArrayList<>(
            List.of(
                mount(),
                SessionContainers.mount(
                    SessionContainers.SESSION_VOLUME, SessionFiles.SOURCE, true))));
    if (plan.session().serviceAccountName != null) {
      // The pod mounts the account's token (the JuliaPod asked for it, for the REPL); a mount
      // of our own at its path keeps it out of this container: the ServiceAccount admission
      // plugin skips containers that already mount something there (kubernetes
      // plugin/pkg/admission/serviceaccount/admission.go, mountServiceAccountToken).
      container.getVolumeMounts().add(SessionContainers.mount(NO_TOKEN_VOLUME, TOKEN_PATH, true));
    }
    return container;
  }

  /** Where the ServiceAccount admission plugin mounts a pod's API token in each container. */
  static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

  static final String NO_TOKEN_VOLUME = "activity-no-token";

  /** The volume the sidecar mounts over the token's path, when the pod has an account. */
  static List<Volume> volumes(Plan plan) {
    List<Volume> volumes = new ArrayList<>(List.of(volume()));
    if (plan.session().serviceAccountName != null) {
      volumes.add(inMemory(NO_TOKEN_VOLUME, "1Ki"));
    }
    return volumes;
  }

  /**
   * A Julia runtime with Sockets loaded and nothing else (BENCHMARKS.md, "Idle culling": the kind
   * leg reads its memory.current); the limit leaves room for Julia's own sysimage mapping.
   */
  private static ResourceRequirements resources() {
    ResourceRequirements resources = new ResourceRequirements();
    resources.setRequests(
        new TreeMap<>(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("96Mi"))));
    // A CPU limit too: a namespace whose ResourceQuota limits CPU refuses a container without one.
    resources.setLimits(
        new TreeMap<>(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("384Mi"))));
    return resources;
  }
}
