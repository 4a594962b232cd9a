package dev.juliapod.plan;

import dev.juliapod.api.SessionSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a JuliaPod may not ask of its session, checked before anything is planned. */
final class SessionChecks {
  private SessionChecks() {}

  static void check(SessionSpec session, OperatorDefaults defaults) throws PlanException {
    checkEnv(session);
    IdleTimeout.check(session);
    String account = session.serviceAccountName;
    if (account != null && !defaults.allowedServiceAccounts().contains(account)) {
      throw new PlanException(
          "spec.session.serviceAccountName \""
              + account
              + "\" is not one"
              + " the operator allows ("
              + (defaults.allowedServiceAccounts().isEmpty()
                  ? "none"
                  : String.join(", ", defaults.allowedServiceAccounts()))
              + "): a session would"
              + " hold that account's API token; remove the field, or ask the operator's admin"
              + " to allow it (--allowed-service-account, chart defaults.allowedServiceAccounts)");
    }
  }

  /**
   * The kubelet resolves secretKeyRef for whoever created the pod, without asking whether they may
   * read the Secret: allowed here, anyone who may create a JuliaPod could read every Secret of the
   * namespace (the push Secret among them) through a session.
   */
  private static void checkEnv(SessionSpec session) throws PlanException {
    List<EnvVar> env = Objects.requireNonNullElse(session.env, List.of());
    for (int i = 0; i < env.size(); i++) {
      var from = env.get(i).getValueFrom();
      if (from != null && from.getSecretKeyRef() != null) {
        throw new PlanException(
            "spec.session.env["
                + i
                + "] ("
                + env.get(i).getName()
                + ") reads Secret "
                + from.getSecretKeyRef().getName()
                + ": the operator does not"
                + " put Secrets into sessions; mount credentials your own way (e.g. a service"
                + " account the operator allows) or pass a value");
      }
    }
  }

  /**
   * A node selector that asks for another architecture than the plan's would put the pod where its
   * sysimage cannot run, or nowhere.
   */
  static void checkArch(Map<String, String> selector, String field, String arch)
      throws PlanException {
    String asked = selector == null ? null : selector.get(OperatorDefaults.ARCH_LABEL);
    if (asked != null && !asked.equals(arch)) {
      throw new PlanException(
          field
              + " asks for "
              + OperatorDefaults.ARCH_LABEL
              + "="
              + asked
              + " but the"
              + " image is built for "
              + arch
              + ": set spec.julia.arch: "
              + asked
              + " instead (it selects the nodes of both pods), or remove the selector");
    }
  }
}
