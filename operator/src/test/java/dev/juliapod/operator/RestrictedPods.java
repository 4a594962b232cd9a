package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What Pod Security admission says of a pod in a namespace labelled {@code
 * pod-security.kubernetes.io/enforce: restricted}: the checks of the restricted level (Kubernetes
 * docs, "Pod Security Standards", Restricted; kubernetes staging/src/k8s.io/pod-security-admission/
 * policy/check_*.go), in the words of their forbidden reasons. Empty: admitted.
 */
public final class RestrictedPods {
  private RestrictedPods() {}

  /** Volume types the restricted level allows (policy/check_restrictedVolumes.go). */
  private static boolean allowedVolume(Volume v) {
    return v.getConfigMap() != null
        || v.getCsi() != null
        || v.getDownwardAPI() != null
        || v.getEmptyDir() != null
        || v.getEphemeral() != null
        || v.getPersistentVolumeClaim() != null
        || v.getProjected() != null
        || v.getSecret() != null;
  }

  public static List<String> violations(PodSpec spec) {
    List<String> out = new ArrayList<>();
    PodSecurityContext pod =
        Objects.requireNonNullElseGet(spec.getSecurityContext(), PodSecurityContext::new);
    if (Boolean.TRUE.equals(spec.getHostNetwork())
        || Boolean.TRUE.equals(spec.getHostPID())
        || Boolean.TRUE.equals(spec.getHostIPC())) {
      out.add("host namespaces");
    }
    for (Volume v : Objects.requireNonNullElse(spec.getVolumes(), List.<Volume>of())) {
      if (!allowedVolume(v)) {
        out.add("restricted volume types (volume \"" + v.getName() + "\")");
      }
    }
    List<Container> containers =
        Stream.concat(
                Objects.requireNonNullElse(spec.getInitContainers(), List.<Container>of()).stream(),
                spec.getContainers().stream())
            .toList();
    for (Container c : containers) {
      SecurityContext sc =
          Objects.requireNonNullElseGet(c.getSecurityContext(), SecurityContext::new);
      String name = "container \"" + c.getName() + "\"";
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        out.add("privileged (" + name + " must not set securityContext.privileged=true)");
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        out.add(
            "allowPrivilegeEscalation != false ("
                + name
                + " must set securityContext.allowPrivilegeEscalation=false)");
      }
      boolean dropsAll =
          sc.getCapabilities() != null
              && sc.getCapabilities().getDrop() != null
              && sc.getCapabilities().getDrop().contains("ALL");
      boolean addsOnlyBind =
          sc.getCapabilities() == null
              || sc.getCapabilities().getAdd() == null
              || sc.getCapabilities().getAdd().stream().allMatch("NET_BIND_SERVICE"::equals);
      if (!dropsAll || !addsOnlyBind) {
        out.add(
            "unrestricted capabilities ("
                + name
                + " must set securityContext.capabilities.drop=[\"ALL\"])");
      }
      Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
      if (!Boolean.TRUE.equals(nonRoot)) {
        out.add("runAsNonRoot != true (" + name + " must set securityContext.runAsNonRoot=true)");
      }
      Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
      if (user != null && user == 0L) {
        out.add("runAsUser=0 (" + name + " must not set runAsUser=0)");
      }
      var seccomp =
          sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod.getSeccompProfile();
      if (seccomp == null
          || !("RuntimeDefault".equals(seccomp.getType())
              || "Localhost".equals(seccomp.getType()))) {
        out.add(
            "seccompProfile ("
                + name
                + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or"
                + " \"Localhost\")");
      }
    }
    return out;
  }
}
