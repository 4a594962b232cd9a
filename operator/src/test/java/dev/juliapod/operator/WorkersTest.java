package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.SessionSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Distributed.jl workers with the real operator on the mock server: the scale subresource as the
 * API server serves it ({@link SimulatedScale}), the kubelet running worker pods ({@link
 * SimulatedCluster#runWorkers}). What a user checks: the pods, what they run and mount, who owns
 * them, what status says, and that the cluster cookie is nowhere but its Secret.
 */
class WorkersTest extends OperatorTestBase {
  /** The CRUD mock with the scale subresource, made here instead of by the mock's extension. */
  @Override
  @org.junit.jupiter.api.BeforeEach
  void start() throws Exception {
    server = SimulatedScale.server();
    client = server.createClient();
    super.start();
  }

  @Override
  @org.junit.jupiter.api.AfterEach
  void stop() {
    try {
      super.stop();
    } finally {
      client.close();
      server.destroy();
    }
  }

  private static final Map<String, String> WORKER_LABELS =
      Map.of(
          "app.kubernetes.io/name", "juliapod",
          "app.kubernetes.io/component", "worker",
          "juliapod.dev/juliapod", "hello");

  @Test
  void kubectlScaleStartsWorkerPodsOnTheSessionsImageAndScalingDownStopsTheHighest()
      throws Exception {
    JuliaPod pod = hello("hello");
    session(pod).juliaArgs = List.of("--threads=2", "-O3", "-e", "print(1)");
    client.resource(pod).create();
    JuliaPod ready = awaitPhase("hello", "Ready");
    assertThat(workerPods()).isEmpty();
    assertThat(ready.getStatus().workers).as("no workers asked for: nothing said").isNull();

    client.resources(JuliaPod.class).inNamespace(ns).withName("hello").scale(2);
    JuliaPod scaled = awaitWorkers("2/2");
    assertThat(scaled.getSpec().workers.replicas).isEqualTo(2);
    assertThat(scaled.getStatus().workers.replicas).isEqualTo(2);
    assertThat(scaled.getStatus().workers.readyReplicas).isEqualTo(2);
    assertThat(condition(scaled, "WorkersReady").getStatus()).isEqualTo("True");
    assertThat(condition(scaled, "WorkersReady").getMessage()).contains("addworkers()");
    assertThat(scaled.getStatus().phase).isEqualTo("Ready");

    List<Pod> workers = workerPods();
    assertThat(workers)
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("hello-worker-0", "hello-worker-1");
    Pod session = client.pods().inNamespace(ns).withName("hello-repl").get();
    Pod worker = client.pods().inNamespace(ns).withName("hello-worker-0").get();
    Container julia = worker.getSpec().getContainers().get(0);
    Container replJulia = session.getSpec().getContainers().get(0);
    assertThat(julia.getImage()).isEqualTo(scaled.getStatus().image).contains("@sha256:");
    assertThat(worker.getSpec().getInitContainers().get(0).getImage())
        .isEqualTo(scaled.getStatus().image);
    assertThat(julia.getCommand())
        .containsSubsequence(
            "sh",
            "/etc/juliapod/session/worker.sh",
            "julia",
            "--sysimage=/opt/juliapod/sysimage.so",
            "--project=/workspace/project",
            "--bind-to=0.0.0.0:9009",
            "--threads=2",
            "-O3",
            "/etc/juliapod/session/worker.jl")
        .doesNotContain("-e", "print(1)");
    // What prepare runs is what the session's prepare runs: the same sysimage and flags.
    assertThat(worker.getSpec().getInitContainers().get(0).getCommand())
        .isEqualTo(session.getSpec().getInitContainers().get(0).getCommand());
    assertThat(envNames(julia)).contains("JULIA_DEPOT_PATH", "JULIA_NUM_THREADS");
    assertThat(env(julia, "JULIA_DEPOT_PATH")).isEqualTo(env(replJulia, "JULIA_DEPOT_PATH"));
    assertThat(julia.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9009));
    assertThat(julia.getReadinessProbe().getExec().getCommand())
        .containsExactly("test", "-e", "/workspace/worker-ready");
    assertThat(worker.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(scaled.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    assertThat(worker.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(worker.getSpec().getServiceAccountName()).isNull();
    assertThat(RestrictedPods.violations(worker.getSpec())).isEmpty();
    assertThat(worker.getSpec().getVolumes())
        .filteredOn(v -> "workspace".equals(v.getName()))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(worker.getSpec().getNodeSelector()).isEqualTo(session.getSpec().getNodeSelector());
    assertThat(julia.getResources()).isEqualTo(replJulia.getResources());

    // The Service the session's DNS lookups read, and who may reach the workers.
    Service service = client.services().inNamespace(ns).withName("hello-workers").get();
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getSelector()).isEqualTo(WORKER_LABELS);
    assertThat(service.getSpec().getPublishNotReadyAddresses())
        .as("only ready workers")
        .isNotEqualTo(true);
    assertThat(service.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(scaled.getMetadata().getUid());
    assertThat(env(replJulia, "JULIAPOD_WORKERS_SERVICE")).isEqualTo("hello-workers");
    NetworkPolicy policy =
        client.network().v1().networkPolicies().inNamespace(ns).withName("hello-workers").get();
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(WORKER_LABELS);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getPorts())
                  .singleElement()
                  .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9009));
              assertThat(rule.getFrom())
                  .extracting(f -> f.getPodSelector().getMatchLabels())
                  .containsExactlyInAnyOrder(session.getMetadata().getLabels(), WORKER_LABELS);
              assertThat(rule.getFrom())
                  .allSatisfy(f -> assertThat(f.getNamespaceSelector()).isNull());
            });
    // The session's selector picks the session pod, and only it.
    assertThat(session.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "session")
        .containsEntry("juliapod.dev/juliapod", "hello");

    String worker1 = uid("hello-worker-1");
    String worker0 = uid("hello-worker-0");
    client.resources(JuliaPod.class).inNamespace(ns).withName("hello").scale(1);
    awaitWorkers("1/1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.pods().inNamespace(ns).withName("hello-worker-1").get() == null);
    assertThat(uid("hello-worker-0")).as("the lower one is kept").isEqualTo(worker0);
    assertThat(worker1).isNotNull();

    // kubectl scale without preconditions: a merge patch of the Scale.
    kubectlScale(0);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(workerPods()).isEmpty();
              assertThat(get("hello").getStatus().workers).isNull();
              assertThat(get("hello").getStatus().conditions)
                  .noneMatch(c -> "WorkersReady".equals(c.getType()));
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.services().inNamespace(ns).withName("hello-workers").get() == null);
    assertThat(
            client.network().v1().networkPolicies().inNamespace(ns).withName("hello-workers").get())
        .isNull();
    assertThat(uid("hello-repl"))
        .as("scaling never restarts the REPL")
        .isEqualTo(session.getMetadata().getUid());
  }

  /**
   * The cookie is generated per JuliaPod, mounted in the session's REPL and the workers only, and
   * is in no pod spec, label, annotation, ConfigMap, event, status or log.
   */
  @Test
  void theClusterCookieIsOnlyInItsSecretAndMountedOnlyWhereDistributedReadsIt() throws Exception {
    client.resource(withWorkers(hello("hello"), 1)).create();
    JuliaPod other = hello("other");
    client.resource(other).create();
    awaitPhase("hello", "Ready");
    awaitWorkers("1/1");
    awaitPhase("other", "Ready");

    Secret secret = client.secrets().inNamespace(ns).withName("hello-cluster-cookie").get();
    String cookie = cookie(secret);
    assertThat(cookie).matches("[A-Za-z0-9]{16}");
    assertThat(cookie(client.secrets().inNamespace(ns).withName("other-cluster-cookie").get()))
        .as("one per JuliaPod")
        .isNotEqualTo(cookie);
    assertThat(secret.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(get("hello").getMetadata().getUid());

    Pod session = client.pods().inNamespace(ns).withName("hello-repl").get();
    Pod worker = client.pods().inNamespace(ns).withName("hello-worker-0").get();
    for (Pod p : List.of(session, worker)) {
      assertThat(p.getSpec().getVolumes())
          .filteredOn(
              v ->
                  v.getSecret() != null
                      && "hello-cluster-cookie".equals(v.getSecret().getSecretName()))
          .singleElement()
          .satisfies(v -> assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440));
      for (Container c : containers(p)) {
        boolean mounts =
            c.getVolumeMounts().stream()
                .map(VolumeMount::getName)
                .anyMatch("cluster-cookie"::equals);
        assertThat(mounts)
            .as(p.getMetadata().getName() + "/" + c.getName())
            .isEqualTo("julia".equals(c.getName()));
      }
    }

    List<HasMetadata> everything = new ArrayList<>();
    everything.addAll(client.pods().inNamespace(ns).list().getItems());
    everything.addAll(client.configMaps().inNamespace(ns).list().getItems());
    everything.addAll(client.services().inNamespace(ns).list().getItems());
    everything.addAll(client.network().v1().networkPolicies().inNamespace(ns).list().getItems());
    everything.addAll(client.v1().events().inNamespace(ns).list().getItems());
    everything.addAll(client.resources(JuliaPod.class).inNamespace(ns).list().getItems());
    for (HasMetadata object : everything) {
      assertThat(YAML.asJson(object))
          .as(object.getKind() + " " + object.getMetadata().getName())
          .doesNotContain(cookie);
    }
    assertThat(operatorLog()).doesNotContain(cookie);
  }

  @Test
  void suspendingOrCullingTheSessionStopsItsWorkersAndResumingBringsThemBack() throws Exception {
    client.resource(withWorkers(hello("hello"), 2)).create();
    awaitWorkers("2/2");

    edit("hello", p -> session(p).suspend = true);
    awaitPhase("hello", "Suspended");
    await().atMost(Duration.ofSeconds(10)).until(() -> workerPods().isEmpty());
    JuliaPod suspended = awaitWorkers("0/2");
    assertThat(condition(suspended, "WorkersReady").getMessage())
        .contains("stopped with the session");
    assertThat(suspended.getSpec().workers.replicas).as("the count is kept").isEqualTo(2);

    edit("hello", p -> session(p).suspend = null);
    awaitWorkers("2/2");
    assertThat(workerPods()).hasSize(2);
  }

  @Test
  void anIdleSessionsWorkersStopWithItAndScalingBringsBothBack() throws Exception {
    JuliaPod pod = withWorkers(hello("hello"), 2);
    session(pod).idleTimeout = "1h";
    client.resource(pod).create();
    awaitWorkers("2/2");

    cluster.activity.report(
        ns, "hello-repl", java.time.Instant.now().minus(Duration.ofHours(2)), false);
    awaitPhase("hello", "Idle");
    await().atMost(Duration.ofSeconds(10)).until(() -> workerPods().isEmpty());
    JuliaPod idle = awaitWorkers("0/2");
    assertThat(condition(idle, "WorkersReady").getReason()).isEqualTo("Stopped");

    // Asking for workers is a spec change: it resumes the session, and the workers with it.
    client.resources(JuliaPod.class).inNamespace(ns).withName("hello").scale(3);
    awaitPhase("hello", "Ready");
    awaitWorkers("3/3");
  }

  /**
   * The Service as the API server stores it (defaults filled in, false dropped) is not written
   * again at every pass; a rule added to the NetworkPolicy by hand is taken out.
   */
  @Test
  void theServiceIsLeftAloneAndAWidenedPolicyIsPutBack() throws Exception {
    client.resource(withWorkers(hello("hello"), 2)).create();
    awaitWorkers("2/2");
    var service = client.services().inNamespace(ns).withName("hello-workers");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> service.get().getSpec().getClusterIPs() != null);
    String version = service.get().getMetadata().getResourceVersion();

    // Passes: a worker joined, then a rule added to the policy by hand.
    Pod worker = client.pods().inNamespace(ns).withName("hello-worker-1").get();
    worker.setStatus(SimulatedKubelet.joined().apply(worker));
    client.resource(worker).updateStatus();
    awaitInUse(1);
    var policy = client.network().v1().networkPolicies().inNamespace(ns).withName("hello-workers");
    policy.edit(
        p -> {
          p.getSpec()
              .getIngress()
              .get(0)
              .getFrom()
              .add(
                  new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder()
                      .withNewNamespaceSelector()
                      .endNamespaceSelector()
                      .build());
          return p;
        });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> policy.get().getSpec().getIngress().get(0).getFrom().size() == 2);
    assertThat(service.get().getMetadata().getResourceVersion())
        .as("the Service is not written again")
        .isEqualTo(version);
  }

  @Test
  void aServiceSomeoneElseMadeIsNotTakenOverAndTheSessionRuns() throws Exception {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata()
                .withName("hello-workers")
                .withNamespace(ns)
                .withLabels(WORKER_LABELS)
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .endSpec()
                .build())
        .create();
    client.resource(withWorkers(hello("hello"), 1)).create();
    awaitPhase("hello", "Ready");
    var c = awaitWorkersReason("hello", "Refused");
    assertThat(c.getMessage())
        .contains("Service " + ns + "/hello-workers exists and is not this JuliaPod's");
    assertThat(get("hello").getStatus().phase).isEqualTo("Ready");
    assertThat(
            client
                .services()
                .inNamespace(ns)
                .withName("hello-workers")
                .get()
                .getMetadata()
                .getOwnerReferences())
        .as("not taken over")
        .isNullOrEmpty();
  }

  @Test
  void aWorkerTheApiServerRefusesIsSaidAndTheSessionRunsOn() throws Exception {
    client.resource(hello("hello")).create();
    awaitPhase("hello", "Ready");
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + ns + "/pods")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withMessage(
                    "pods \"hello-worker-0\" is forbidden: exceeded quota: gpus, requested:"
                        + " requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=4, limited:"
                        + " requests.nvidia.com/gpu=4")
                .build())
        .always(); // the quota stays full
    client.resources(JuliaPod.class).inNamespace(ns).withName("hello").scale(1);
    var c = awaitWorkersReason("hello", "Refused");
    assertThat(c.getMessage())
        .contains("refused worker pod hello-worker-0: (403)", "exceeded quota: gpus");
    awaitEvent("WorkersRefused", "exceeded quota");
    JuliaPod still = get("hello");
    assertThat(still.getStatus().phase).isEqualTo("Ready");
    assertThat(condition(still, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aWorkerThatCannotRunSaysWhyInStatus() throws Exception {
    cluster.runWorkers(SimulatedKubelet.replOomKilled("juliapod: out of memory in @everywhere"));
    client.resource(withWorkers(hello("hello"), 1)).create();
    awaitPhase("hello", "Ready");
    var c = awaitWorkersReason("hello", "OOMKilled");
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getMessage())
        .contains(
            "hello-worker-0",
            "spec.workers.resources.limits.memory",
            "out of memory in @everywhere");
    awaitEvent("WorkersOOMKilled", "hello-worker-0");
    assertThat(get("hello").getStatus().phase).as("the session itself is fine").isEqualTo("Ready");
  }

  @Test
  void unschedulableWorkersAndOnesAlreadyJoinedAreToldApart() throws Exception {
    cluster.runWorkers(
        SimulatedKubelet.unschedulable("0/3 nodes are available: 3 Insufficient nvidia.com/gpu."));
    client.resource(withWorkers(hello("hello"), 1)).create();
    var c = awaitWorkersReason("hello", "Unschedulable");
    assertThat(c.getMessage()).contains("Insufficient nvidia.com/gpu", "spec.workers.resources");

    // A worker the session joined leaves the Service (not Ready) but is up: status counts it.
    Pod worker = client.pods().inNamespace(ns).withName("hello-worker-0").get();
    worker.setStatus(SimulatedKubelet.joined().apply(worker));
    client.resource(worker).updateStatus();
    JuliaPod joined = awaitWorkers("1/1");
    assertThat(joined.getStatus().workers.inUse).isEqualTo(1);
    assertThat(condition(joined, "WorkersReady").getStatus()).isEqualTo("True");
  }

  @Test
  void aJuliaPodNameThatCannotNameAServiceIsToldSo() throws Exception {
    client.resource(withWorkers(hello("2d.model"), 1)).create();
    awaitPhase("2d.model", "Ready");
    var c = awaitWorkersReason("2d.model", "InvalidName");
    assertThat(c.getMessage()).contains("2d.model-workers", "metadata.name");
    assertThat(workerPods()).isEmpty();
    assertThat(client.services().inNamespace(ns).list().getItems()).isEmpty();
  }

  /** Waits for the WorkersReady condition to give {@code reason}; returns it. */
  private io.fabric8.kubernetes.api.model.Condition awaitWorkersReason(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(condition(get(name), "WorkersReady").getReason()).isEqualTo(reason));
    return condition(get(name), "WorkersReady");
  }

  private static JuliaPod withWorkers(JuliaPod pod, int replicas) {
    pod.getSpec().workers = new dev.juliapod.api.WorkersSpec();
    pod.getSpec().workers.replicas = replicas;
    return pod;
  }

  private void awaitInUse(int n) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(get("hello").getStatus().workers.inUse).isEqualTo(n));
  }

  private JuliaPod awaitWorkers(String ready) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              JuliaPod pod = get("hello");
              assertThat(pod.getStatus().workers).isNotNull();
              assertThat(pod.getStatus().workers.ready).isEqualTo(ready);
            });
    return get("hello");
  }

  private void kubectlScale(int replicas) throws Exception {
    var http = client.getHttpClient();
    String url =
        client.getMasterUrl()
            + "apis/juliapod.dev/v1alpha1/namespaces/"
            + ns
            + "/juliapods/hello/scale";
    var response =
        http.sendAsync(
                http.newHttpRequestBuilder()
                    .uri(url)
                    .method(
                        "PATCH",
                        "application/merge-patch+json",
                        "{\"spec\":{\"replicas\":" + replicas + "}}")
                    .build(),
                String.class)
            .get();
    assertThat(response.code()).as("kubectl scale's PATCH").isEqualTo(200);
    assertThat(response.body()).contains("\"kind\":\"Scale\"");
  }

  private List<Pod> workerPods() {
    return client.pods().inNamespace(ns).withLabels(WORKER_LABELS).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private String uid(String pod) {
    Pod found = client.pods().inNamespace(ns).withName(pod).get();
    return found == null ? null : found.getMetadata().getUid();
  }

  private static List<Container> containers(Pod pod) {
    List<Container> all = new ArrayList<>(pod.getSpec().getInitContainers());
    all.addAll(pod.getSpec().getContainers());
    return all;
  }

  private static List<String> envNames(Container c) {
    return c.getEnv().stream().map(e -> e.getName()).toList();
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static String cookie(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("cookie")), StandardCharsets.US_ASCII);
  }

  private static SessionSpec session(JuliaPod pod) {
    if (pod.getSpec().session == null) {
      pod.getSpec().session = new SessionSpec();
    }
    return pod.getSpec().session;
  }
}
