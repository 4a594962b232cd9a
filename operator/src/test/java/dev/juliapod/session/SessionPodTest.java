package dev.juliapod.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectSources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REPL pod as a user would check it with `kubectl get pod -o yaml`. */
class SessionPodTest {
  static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();

  static JuliaPod hello() throws Exception {
    JuliaPod pod =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(ROOT.resolve("examples/hello/juliapod.yaml")), JuliaPod.class);
    pod.getMetadata().setNamespace("team-a");
    return pod;
  }

  static Pod pod(JuliaPod juliaPod, OperatorDefaults defaults) throws Exception {
    Plan plan = Planner.plan(juliaPod, ProjectSources.inline(juliaPod), defaults);
    return SessionPod.of(plan, "registry.test/juliapod@sha256:" + "0".repeat(64));
  }

  static Pod pod(JuliaPod juliaPod) throws Exception {
    return pod(juliaPod, OperatorDefaults.builtIn());
  }

  @Test
  void prepareCompilesWithTheReplsSysimageAndFlags() throws Exception {
    JuliaPod hello = hello();
    hello.getSpec().session.juliaArgs = List.of("--optimize=0", "--check-bounds=yes");
    Pod pod = pod(hello);

    List<String> prepare = pod.getSpec().getInitContainers().get(0).getCommand();
    List<String> repl = SessionPod.juliaCommand(pod);
    assertThat(prepare)
        .containsExactly(
            "julia",
            "--sysimage=/opt/juliapod/sysimage.so",
            "--startup-file=no",
            "--optimize=0",
            "--check-bounds=yes",
            "/etc/juliapod/session/prepare.jl");
    assertThat(repl)
        .containsExactly(
            "julia",
            "--sysimage=/opt/juliapod/sysimage.so",
            "--project=/workspace/project",
            "--optimize=0",
            "--check-bounds=yes");
    assertThat(pod.getSpec().getContainers().get(0).getCommand())
        .startsWith("sh", "/etc/juliapod/session/repl.sh", "julia");
    // The same but for what tells the REPL where its workers' cookie, Service and module are:
    // none of it is in a package cache's key (julia base/loading.jl, CacheFlags and the slug).
    var replEnv = new java.util.TreeMap<>(env(pod.getSpec().getContainers().get(0)));
    assertThat(replEnv.keySet())
        .contains("JULIAPOD_COOKIE", "JULIAPOD_WORKERS_SERVICE", "JULIA_LOAD_PATH");
    replEnv
        .keySet()
        .removeAll(List.of("JULIAPOD_COOKIE", "JULIAPOD_WORKERS_SERVICE", "JULIA_LOAD_PATH"));
    assertThat(env(pod.getSpec().getInitContainers().get(0))).isEqualTo(replEnv);
  }

  @Test
  void aRestartDoesNotChownTheWholeWorkspace() throws Exception {
    assertThat(pod(hello()).getSpec().getSecurityContext().getFsGroupChangePolicy())
        .isEqualTo("OnRootMismatch");
  }

  @Test
  void sessionsGetTheOperatorsResourcesWhereTheJuliaPodSetsNone() throws Exception {
    JuliaPod hello = hello();
    Pod pod =
        pod(
            hello,
            OperatorDefaults.builtIn().toBuilder()
                .sessionResources("1", null, "4", "12Gi")
                .build());
    for (Container c :
        List.of(pod.getSpec().getInitContainers().get(0), pod.getSpec().getContainers().get(0))) {
      assertThat(c.getResources().getRequests())
          .containsEntry("cpu", new Quantity("1"))
          .containsEntry("memory", new Quantity("2Gi"));
      assertThat(c.getResources().getLimits())
          .containsEntry("cpu", new Quantity("4"))
          .containsEntry("memory", new Quantity("12Gi"));
      assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    }
    // spec.session.threads wins over the CPU limit; precompilation follows the limit.
    assertThat(env(pod.getSpec().getContainers().get(0)))
        .containsEntry("JULIA_NUM_THREADS", "2")
        .containsEntry("JULIA_NUM_PRECOMPILE_TASKS", "4");
  }

  @Test
  void whatTheJuliaPodSetsWinsPerResource() throws Exception {
    JuliaPod hello = hello();
    hello.getSpec().session.threads = null;
    hello.getSpec().session.resources =
        new ResourceRequirementsBuilder()
            .withRequests(Map.of("memory", new Quantity("32Gi")))
            .withLimits(Map.of("cpu", new Quantity("2500m"), "nvidia.com/gpu", new Quantity("1")))
            .build();
    Container julia = pod(hello).getSpec().getContainers().get(0);

    assertThat(julia.getResources().getRequests())
        .as("no default CPU request beside a CPU limit: Kubernetes requests the limit")
        .containsOnlyKeys("memory")
        .containsEntry("memory", new Quantity("32Gi"));
    assertThat(julia.getResources().getLimits())
        .containsEntry("cpu", new Quantity("2500m"))
        .containsEntry("nvidia.com/gpu", new Quantity("1"))
        .as("the default 8Gi limit would be under the 32Gi request")
        .containsEntry("memory", new Quantity("32Gi"));
    assertThat(env(julia))
        .containsEntry("JULIA_NUM_THREADS", "3")
        .containsEntry("JULIA_NUM_PRECOMPILE_TASKS", "3");
  }

  @Test
  void withoutACpuLimitJuliaKeepsItsThreadsAndPrecompilesByTheRequest() throws Exception {
    JuliaPod hello = hello();
    hello.getSpec().session.threads = null;
    Container julia = pod(hello).getSpec().getContainers().get(0);
    assertThat(env(julia))
        .doesNotContainKey("JULIA_NUM_THREADS")
        .containsEntry("JULIA_NUM_PRECOMPILE_TASKS", "1");

    hello.getSpec().session.resources =
        new ResourceRequirementsBuilder().withLimits(Map.of("cpu", new Quantity("64"))).build();
    assertThat(env(pod(hello).getSpec().getContainers().get(0)))
        .as("Julia's own cap")
        .containsEntry("JULIA_NUM_PRECOMPILE_TASKS", "16")
        .containsEntry("JULIA_NUM_THREADS", "64");
  }

  @Test
  void theJuliaPodsOwnVariablesWin() throws Exception {
    JuliaPod hello = hello();
    hello.getSpec().session.env = List.of(new EnvVar("JULIA_NUM_THREADS", "8,1", null));
    Container julia = pod(hello).getSpec().getContainers().get(0);
    assertThat(julia.getEnv())
        .filteredOn(e -> e.getName().equals("JULIA_NUM_THREADS"))
        .extracting(EnvVar::getValue)
        .containsExactly("8,1");
  }

  @Test
  void pullSecretsComeFromTheJuliaPodElseTheOperatorAndNeverThePushSecret() throws Exception {
    JuliaPod hello = hello();
    hello.getSpec().build.pushSecret = "registry-push";
    OperatorDefaults defaults =
        OperatorDefaults.builtIn().toBuilder()
            .pushSecret("registry-push")
            .imagePullSecrets(List.of("team-pull"))
            .build();
    assertThat(pod(hello, defaults).getSpec().getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("team-pull");

    hello.getSpec().session.imagePullSecrets = List.of(new LocalObjectReference("mine"));
    assertThat(pod(hello, defaults).getSpec().getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("mine");
    assertThat(pod(hello()).getSpec().getImagePullSecrets()).isNullOrEmpty();
  }

  @Test
  void theJuliaPodsSpecIsNotChangedByTheDefaults() throws Exception {
    JuliaPod hello = hello();
    SessionSpec before = hello.getSpec().session;
    pod(hello, OperatorDefaults.builtIn().toBuilder().imagePullSecrets(List.of("x")).build());
    assertThat(hello.getSpec().session).isSameAs(before);
    assertThat(before.resources).isNull();
    assertThat(before.imagePullSecrets).isNull();
  }

  static Map<String, String> env(Container c) {
    Map<String, String> out = new java.util.TreeMap<>();
    c.getEnv().forEach(e -> out.put(e.getName(), e.getValue()));
    return out;
  }
}
