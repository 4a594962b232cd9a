package dev.juliapod.plan;

import dev.juliapod.api.SessionSpec;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JuliaPod's session settings with the operator's defaults where it leaves them out. A pod
 * without requests runs BestEffort, first to be evicted, and is refused outright in a namespace
 * with a ResourceQuota on requests or limits.
 */
final class SessionDefaults {
  private SessionDefaults() {}

  /** A new SessionSpec: the JuliaPod's own belongs to the informer's cache. */
  static SessionSpec fill(SessionSpec given, OperatorDefaults defaults) {
    SessionSpec out = new SessionSpec();
    if (given != null) {
      out.nodeSelector = given.nodeSelector;
      out.tolerations = given.tolerations;
      out.serviceAccountName = given.serviceAccountName;
      out.env = given.env;
      out.threads = given.threads;
      out.workspace = given.workspace;
      out.juliaArgs = given.juliaArgs;
      out.suspend = given.suspend;
      out.imagePullSecrets = given.imagePullSecrets;
      out.idleTimeout = given.idleTimeout;
    }
    if (out.idleTimeout == null) {
      out.idleTimeout = defaults.idleTimeout();
    }
    out.resources = resources(given == null ? null : given.resources, defaults.sessionResources());
    if (out.imagePullSecrets == null && !defaults.imagePullSecrets().isEmpty()) {
      out.imagePullSecrets =
          defaults.imagePullSecrets().stream().map(LocalObjectReference::new).toList();
    }
    return out;
  }

  /**
   * Per resource, what the JuliaPod sets wins. A default request is not added where the JuliaPod
   * sets a limit, since Kubernetes then requests the limit (the JuliaPod asked for that); a default
   * limit never goes under the JuliaPod's own request, which the API server would refuse.
   */
  static ResourceRequirements resources(ResourceRequirements given, ResourceRequirements defaults) {
    Map<String, Quantity> requests =
        new TreeMap<>(
            given == null || given.getRequests() == null ? Map.of() : given.getRequests());
    Map<String, Quantity> limits =
        new TreeMap<>(given == null || given.getLimits() == null ? Map.of() : given.getLimits());
    Map<String, Quantity> defaultLimits = orEmpty(defaults.getLimits());
    orEmpty(defaults.getRequests())
        .forEach(
            (key, value) -> {
              if (!requests.containsKey(key) && !limits.containsKey(key)) {
                requests.put(key, value);
              }
            });
    defaultLimits.forEach(
        (key, value) -> {
          Quantity request = requests.get(key);
          if (!limits.containsKey(key)) {
            limits.put(key, request != null && compare(request, value) > 0 ? request : value);
          }
        });
    ResourceRequirements out = new ResourceRequirements();
    out.setRequests(requests);
    out.setLimits(limits);
    if (given != null) {
      out.setClaims(given.getClaims());
    }
    return out;
  }

  private static int compare(Quantity a, Quantity b) {
    return a.getNumericalAmount().compareTo(b.getNumericalAmount());
  }

  private static Map<String, Quantity> orEmpty(Map<String, Quantity> values) {
    return values == null ? Map.of() : values;
  }
}
