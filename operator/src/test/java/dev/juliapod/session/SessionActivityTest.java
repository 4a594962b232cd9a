package dev.juliapod.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectSources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session's activity hook as the pod wires it (docs/design.md, "Idle culling"): the REPL loads
 * activity.jl from the session ConfigMap, both it and the listener share an in-memory volume, and
 * the listener is a restricted container that sees nothing of the workspace or the credentials.
 */
class SessionActivityTest {
  @Test
  void withoutATimeoutThePodHasNoHookAndNoListener() throws Exception {
    Pod pod = SessionPodTest.pod(SessionPodTest.hello());
    assertThat(pod.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("julia");
    assertThat(SessionPod.juliaCommand(pod)).doesNotContain("-L");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("kubectl.kubernetes.io/default-container", "julia");
  }

  @Test
  void theReplLoadsTheHookBeforeTheUsersArguments() throws Exception {
    JuliaPod hello = culled("45m");
    hello.getSpec().session.juliaArgs = List.of("--optimize=0", "script.jl");
    Pod pod = SessionPodTest.pod(hello);

    assertThat(SessionPod.juliaCommand(pod))
        .containsExactly(
            "julia",
            "--sysimage=/opt/juliapod/sysimage.so",
            "--project=/workspace/project",
            "-L",
            "/etc/juliapod/session/activity.jl",
            "--optimize=0",
            "script.jl");
    Container repl = pod.getSpec().getContainers().get(0);
    assertThat(repl.getName()).as("kubectl attach's container first").isEqualTo("julia");
    assertThat(repl.getEnv()).contains(new EnvVar("JULIAPOD_ACTIVITY_DIR", "/run/juliapod", null));
    assertThat(mounts(repl)).containsEntry("activity", "/run/juliapod");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("kubectl.kubernetes.io/default-container", "julia");
  }

  @Test
  void theListenerIsRestrictedAndSeesOnlyTheActivityAndItsScript() throws Exception {
    JuliaPod hello = culled("2h");
    hello.getSpec().session.env = List.of(new EnvVar("SECRET_TOKEN", "x", null));
    Pod pod = SessionPodTest.pod(hello);
    Container listener = pod.getSpec().getContainers().get(1);

    assertThat(listener.getName()).isEqualTo("activity");
    assertThat(listener.getImage()).isEqualTo(pod.getSpec().getContainers().get(0).getImage());
    assertThat(listener.getCommand())
        .as("Julia's own sysimage, not the baked one")
        .noneMatch(a -> a.startsWith("--sysimage"))
        .last()
        .isEqualTo("/etc/juliapod/session/activity-server.jl");
    assertThat(listener.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("activity");
              assertThat(p.getContainerPort()).isEqualTo(8701);
            });
    assertThat(mounts(listener))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("activity", "/run/juliapod", "session", "/etc/juliapod/session"));
    assertThat(listener.getEnv()).extracting(EnvVar::getName).doesNotContain("SECRET_TOKEN");
    var security = listener.getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(listener.getResources().getLimits()).containsKey("memory");

    var volume =
        pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("activity")).findFirst();
    assertThat(volume)
        .get()
        .satisfies(v -> assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory"));
  }

  /**
   * A JuliaPod allowed a service account gets its token in the REPL, not in the listener: a mount
   * of ours at the token's path makes the ServiceAccount admission plugin skip that container.
   */
  @Test
  void theListenerNeverHoldsTheSessionsApiToken() throws Exception {
    JuliaPod hello = culled("2h");
    hello.getSpec().session.serviceAccountName = "analysis";
    OperatorDefaults allowed =
        OperatorDefaults.builtIn().toBuilder().allowedServiceAccounts(List.of("analysis")).build();
    Pod pod = SessionPodTest.pod(hello, allowed);
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isTrue();
    Container listener = pod.getSpec().getContainers().get(1);
    assertThat(mounts(listener))
        .containsEntry("activity-no-token", "/var/run/secrets/kubernetes.io/serviceaccount");
    assertThat(mounts(pod.getSpec().getContainers().get(0))).doesNotContainKey("activity-no-token");
    assertThat(pod.getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("activity-no-token"))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(listener.getResources().getLimits()).containsKeys("cpu", "memory");

    assertThat(mounts(SessionPodTest.pod(culled("2h")).getSpec().getContainers().get(1)))
        .as("without an account there is no token to keep out")
        .doesNotContainKey("activity-no-token");
  }

  @Test
  void theScriptsBothContainersRunAreInTheSessionConfigMap() throws Exception {
    JuliaPod hello = culled("45m");
    var plan = Planner.plan(hello, ProjectSources.inline(hello), OperatorDefaults.builtIn());
    var files = SessionObjects.files(plan, ProjectSources.inline(hello)).getData();
    assertThat(files.get("activity.jl"))
        .isEqualTo(SessionFiles.activityScript())
        .contains("module JuliaPodActivity", "JULIAPOD_ACTIVITY_DIR", "on_done");
    assertThat(files.get("activity-server.jl"))
        .isEqualTo(SessionFiles.activityServerScript())
        .contains("/activity", "JULIAPOD_ACTIVITY_PORT", "lastActivity", "busy");
  }

  @Test
  void zeroTurnsTheOperatorsDefaultOff() throws Exception {
    OperatorDefaults defaults = OperatorDefaults.builtIn().toBuilder().idleTimeout("2h").build();
    assertThat(SessionPodTest.pod(SessionPodTest.hello(), defaults).getSpec().getContainers())
        .hasSize(2);
    assertThat(SessionPodTest.pod(culled("0"), defaults).getSpec().getContainers()).hasSize(1);
  }

  private static JuliaPod culled(String timeout) throws Exception {
    JuliaPod hello = SessionPodTest.hello();
    hello.getSpec().session.idleTimeout = timeout;
    return hello;
  }

  private static Map<String, String> mounts(Container container) {
    return container.getVolumeMounts().stream()
        .collect(
            java.util.stream.Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
  }
}
