package dev.juliapod.session;

import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;

/**
 * What ties a session to its Distributed.jl workers (docs/design.md, "Distributed workers"): the
 * cluster cookie, from a Secret the operator makes per JuliaPod, mounted in the REPL and the
 * workers only; the JuliaPodWorkers module on the REPL's load path; the name of the headless
 * Service whose DNS lists the ready workers. The session pod has them whether or not workers are
 * asked for, so scaling never restarts the REPL.
 */
public final class SessionWorkers {
  /** The port every worker listens on (`--bind-to=0.0.0.0:PORT`). */
  public static final int PORT = 9009;

  public static final String PORT_NAME = "distributed";

  /** The Secret's key; its value is 16 ASCII characters (Distributed's HDR_COOKIE_LEN). */
  public static final String COOKIE_KEY = "cookie";

  public static final String COOKIE_DIR = "/etc/juliapod/cluster";
  public static final String COOKIE_FILE = COOKIE_DIR + "/" + COOKIE_KEY;

  /** A directory holding only JuliaPodWorkers.jl: an implicit environment on the load path. */
  public static final String LIB = "/etc/juliapod/lib";

  public static final String MODULE = "JuliaPodWorkers.jl";

  static final String COOKIE_VOLUME = "cluster-cookie";
  static final String LIB_VOLUME = "julia-lib";

  /** The cookie file's path, in the REPL and the workers. */
  static final String COOKIE_ENV = "JULIAPOD_COOKIE";

  /** The Service whose A records are the ready workers, in the REPL. */
  static final String SERVICE_ENV = "JULIAPOD_WORKERS_SERVICE";

  private SessionWorkers() {}

  /** spec.workers.replicas, absent as 0 (the CRD's default). */
  public static int replicas(dev.juliapod.api.WorkersSpec workers) {
    return workers == null || workers.replicas == null ? 0 : workers.replicas;
  }

  public static String cookieSecretName(Plan plan) {
    return plan.name() + "-cluster-cookie";
  }

  /**
   * A Service's name is an RFC 1035 label (kubernetes pkg/apis/core/validation, ValidateService).
   */
  private static final java.util.regex.Pattern DNS_LABEL =
      java.util.regex.Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  /** An RFC 1035 label: JuliaPod names that are not one are refused when workers are asked for. */
  public static String serviceName(Plan plan) {
    return plan.name() + "-workers";
  }

  /** Why this JuliaPod cannot have workers, or null. */
  public static String nameProblem(Plan plan) {
    String service = serviceName(plan);
    return DNS_LABEL.matcher(service).matches() && service.length() <= 63
        ? null
        : "workers need a Service named "
            + service
            + ", and a Service's name is a DNS label (lower-case letters, digits and '-',"
            + " starting with a letter, at most 63 characters): rename the JuliaPod (metadata.name)"
            + " or set spec.workers.replicas to 0";
  }

  /**
   * The REPL's variables. An empty entry in JULIA_LOAD_PATH stands for Julia's default load path
   * (julia base/initdefs.jl, parse_load_path), so the module comes after the project's packages and
   * the standard library; a directory on the load path without a Project.toml is an implicit
   * environment where NAME.jl is the package NAME (base/loading.jl, entry_point_and_project_file).
   */
  static List<EnvVar> replEnv(Plan plan) {
    return List.of(
        new EnvVar(COOKIE_ENV, COOKIE_FILE, null),
        new EnvVar(SERVICE_ENV, serviceName(plan), null),
        new EnvVar("JULIA_LOAD_PATH", ":" + LIB, null));
  }

  /** Read-only and readable by the session's group (fsGroup) only: mode 0440. */
  static Volume cookieVolume(Plan plan) {
    SecretVolumeSource secret = new SecretVolumeSource();
    secret.setSecretName(cookieSecretName(plan));
    secret.setDefaultMode(0440);
    Volume volume = new Volume();
    volume.setName(COOKIE_VOLUME);
    volume.setSecret(secret);
    return volume;
  }

  static VolumeMount cookieMount() {
    return SessionContainers.mount(COOKIE_VOLUME, COOKIE_DIR, true);
  }

  /** The module alone, from the session ConfigMap. */
  static Volume libVolume(Plan plan) {
    ConfigMapVolumeSource files = new ConfigMapVolumeSource();
    files.setName(SessionObjects.configMapName(plan));
    files.setItems(new ArrayList<>(List.of(new KeyToPath(MODULE, null, MODULE))));
    Volume volume = new Volume();
    volume.setName(LIB_VOLUME);
    volume.setConfigMap(files);
    return volume;
  }

  static VolumeMount libMount() {
    return SessionContainers.mount(LIB_VOLUME, LIB, true);
  }
}
