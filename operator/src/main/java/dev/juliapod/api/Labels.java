package dev.juliapod.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * The labels and annotations juliapod puts on what it makes and reads on what users make, in one
 * place. Informers select by these (docs/design.md, "Watches"), so a key spelled differently in two
 * places would make objects the operator never sees.
 */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The value of {@link #NAME} on everything the operator makes. */
  public static final String APP = "juliapod";

  public static final String SESSION = "session";
  public static final String BUILD = "build";

  /** Distributed.jl worker pods and what lets the session reach them. */
  public static final String WORKER = "worker";

  /** On session objects: the JuliaPod they belong to. */
  public static final String JULIAPOD = "juliapod.dev/juliapod";

  /** On build Jobs and pods: the JuliaSysimage they build. */
  public static final String SYSIMAGE = "juliapod.dev/sysimage";

  /** On a user's project ConfigMap: the operator may watch it. */
  public static final String PROJECT = "juliapod.dev/project";

  /**
   * On a Secret: JuliaPods in its namespace may mount it as their credentials. Without it a
   * JuliaPod could name any Secret of the namespace and read it in its REPL.
   */
  public static final String CREDENTIALS = "juliapod.dev/credentials";

  /** On a build Job, and its pods, that mount the depot cache: {@link #DEPOT_CACHE_MOUNTED}. */
  public static final String DEPOT_CACHE = "juliapod.dev/depot-cache";

  public static final String DEPOT_CACHE_MOUNTED = "mounted";

  /** Annotation on a JuliaSysimage: the earliest time its build may start. */
  public static final String BUILD_AFTER = "juliapod.dev/build-after";

  /**
   * Annotation on a JuliaPod: resume the idle session that status.idleSince names (its value is
   * that time), without a change to spec a GitOps tool would see as drift.
   */
  public static final String RESUME = "juliapod.dev/resume";

  /** Annotation on a session pod: the hash of the spec it was made from. */
  public static final String POD_TEMPLATE_HASH = "juliapod.dev/pod-template-hash";

  /** On a session ConfigMap: the hash of its data, so a cache without the data can compare it. */
  public static final String DATA_HASH = "juliapod.dev/data-hash";

  /** Only juliapod's own objects: other applications label pods with a component too. */
  public static final String SESSION_SELECTOR = NAME + "=" + APP + "," + COMPONENT + "=" + SESSION;

  public static final String WORKER_SELECTOR = NAME + "=" + APP + "," + COMPONENT + "=" + WORKER;

  public static final String BUILD_SELECTOR = NAME + "=" + APP + "," + COMPONENT + "=" + BUILD;

  private Labels() {}

  /** The labels of a JuliaPod's session objects. */
  public static Map<String, String> session(String juliapod) {
    return new TreeMap<>(Map.of(NAME, APP, COMPONENT, SESSION, JULIAPOD, juliapod));
  }

  /** The labels of a JuliaPod's worker pods, their Service and NetworkPolicy. */
  public static Map<String, String> workers(String juliapod) {
    return new TreeMap<>(Map.of(NAME, APP, COMPONENT, WORKER, JULIAPOD, juliapod));
  }

  /** The labels of a JuliaSysimage's build Job and pods. */
  public static Map<String, String> build(String sysimage) {
    return new TreeMap<>(Map.of(NAME, APP, COMPONENT, BUILD, SYSIMAGE, sysimage));
  }
}
