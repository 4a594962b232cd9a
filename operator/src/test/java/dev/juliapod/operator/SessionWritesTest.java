package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the operator writes of a session's workspace claim and ConfigMap: nothing on a pass that
 * finds them right (reads come from its informers), the ConfigMap's data when the project changes,
 * and never a claim of the workspace's name that someone else made.
 */
@EnableKubernetesMockClient(crud = true)
class SessionWritesTest extends OperatorTestBase {

  @Test
  void passesOverAnUnchangedSessionAskNothingOfItsClaimAndConfigMap() throws Exception {
    client.resource(hello("hello")).create();
    awaitPhase("hello", "Ready");
    String claim = claim().getMetadata().getResourceVersion();
    String files = files().getMetadata().getResourceVersion();
    requests(); // what came before

    // Two pod events, each a pass that reaches the session (its status says so).
    kubelet(SimulatedKubelet.unschedulable("0/1 nodes are available: 1 Insufficient cpu."));
    awaitPhase("hello", "Starting");
    kubelet(SimulatedKubelet.ready(null));
    awaitPhase("hello", "Ready");

    assertThat(requests())
        .as("requests for the session's claim and ConfigMap")
        .filteredOn(
            r ->
                r.contains("/namespaces/" + ns + "/configmaps")
                    || r.contains("/namespaces/" + ns + "/persistentvolumeclaims"))
        .isEmpty();
    assertThat(claim().getMetadata().getResourceVersion()).isEqualTo(claim);
    assertThat(files().getMetadata().getResourceVersion()).isEqualTo(files);
  }

  @Test
  void aJuliaPodWritesItsStatusOncePerPhaseItShows() throws Exception {
    client.resource(hello("alice")).create();
    awaitPhase("alice", "Ready"); // its sysimage is built now
    requests();

    // A pod that is ready at once: Ready is the only phase to show.
    client.resource(hello("bob")).create();
    awaitPhase("bob", "Ready");
    // A pod that waits: Starting (with the scheduler's words), then Ready.
    cluster.sessions =
        SimulatedKubelet.unschedulable("0/1 nodes are available: 1 Insufficient cpu.");
    client.resource(hello("carol")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(get("carol").getStatus()).isNotNull();
              assertThat(get("carol").getStatus().message).contains("Insufficient cpu");
            });
    cluster.sessions = SimulatedKubelet.ready(null);
    Pod carol = client.pods().inNamespace(ns).withName("carol-repl").get();
    carol.setStatus(SimulatedKubelet.ready(null).apply(carol));
    client.resource(carol).updateStatus();
    awaitPhase("carol", "Ready");

    List<String> writes = requests();
    String status = "PUT /apis/juliapod.dev/v1alpha1/namespaces/" + ns + "/juliapods/%s/status";
    assertThat(writes).filteredOn(r -> r.equals(status.formatted("bob"))).hasSize(1);
    assertThat(writes).filteredOn(r -> r.equals(status.formatted("carol"))).hasSize(2);
  }

  @Test
  void aChangedProjectRewritesTheConfigMapAndLeavesTheClaim() throws Exception {
    client.resource(hello("hello")).create();
    awaitPhase("hello", "Ready");
    PersistentVolumeClaim claim = claim();
    ConfigMap before = files();
    requests();

    // An unpinned package: the same sysimage, a new Manifest.toml for the session.
    edit(
        "hello",
        p ->
            p.getSpec().project.inline.manifestToml =
                p.getSpec()
                    .project
                    .inline
                    .manifestToml
                    .replace("version = \"1.6.0\"", "version = \"1.6.1\""));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(files().getData().get("Manifest.toml")).contains("version = \"1.6.1\""));
    awaitPhase("hello", "Ready");

    ConfigMap after = files();
    assertThat(after.getData().keySet()).isEqualTo(before.getData().keySet());
    assertThat(after.getMetadata().getOwnerReferences())
        .isEqualTo(before.getMetadata().getOwnerReferences());
    assertThat(after.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
    assertThat(requests())
        .as("writes of the session's ConfigMap")
        .filteredOn(
            r ->
                r.contains("/namespaces/" + ns + "/configmaps/hello-session")
                    && !r.startsWith("GET "))
        .hasSize(1);
    assertThat(claim().getMetadata().getResourceVersion())
        .isEqualTo(claim.getMetadata().getResourceVersion());
  }

  /**
   * The informer keeps a hash of each session ConfigMap's data, not the data (PrunedStore): the
   * hash is of what the ConfigMap holds, so one without the operator's annotation (made by an
   * earlier version) is left alone, and a hand edit of the data is undone.
   */
  @Test
  void theSessionConfigMapIsComparedByWhatItHolds() throws Exception {
    client.resource(hello("hello")).create();
    awaitPhase("hello", "Ready");
    ConfigMap made = files();
    assertThat(made.getMetadata().getAnnotations()).containsKey(dev.juliapod.api.Labels.DATA_HASH);
    requests();

    // As an earlier version made it: no hash. An event, a pass, and nothing to write.
    ConfigMap earlier = files();
    earlier.getMetadata().getAnnotations().remove(dev.juliapod.api.Labels.DATA_HASH);
    client.resource(earlier).update();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                !files()
                    .getMetadata()
                    .getAnnotations()
                    .containsKey(dev.juliapod.api.Labels.DATA_HASH));

    // A hand edit of the data that leaves the annotation as it was.
    ConfigMap edited = files();
    edited
        .getMetadata()
        .getAnnotations()
        .put(
            dev.juliapod.api.Labels.DATA_HASH,
            made.getMetadata().getAnnotations().get(dev.juliapod.api.Labels.DATA_HASH));
    edited.getData().put("Manifest.toml", "# edited by hand\n");
    client.resource(edited).update();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(files().getData()).isEqualTo(made.getData()));

    assertThat(requests())
        .as("the operator's writes of the session's ConfigMap")
        .filteredOn(r -> r.startsWith("PUT /api/v1/namespaces/" + ns + "/configmaps/hello-session"))
        .hasSize(3); // this test's two, and the operator's one
  }

  @Test
  void aClaimOfTheWorkspacesNameThatIsThereIsUsedAsItIs() throws Exception {
    // Made before the JuliaPod, e.g. restored from a snapshot: not the operator's.
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("hello-workspace")
                .withNamespace(ns)
                .withLabels(Map.of("team", "data"))
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("50Gi")))
                .endResources()
                .endSpec()
                .build())
        .create();
    PersistentVolumeClaim theirs = claim();

    client.resource(hello("hello")).create();
    awaitPhase("hello", "Ready");
    Pod session = client.pods().inNamespace(ns).withName("hello-repl").get();
    assertThat(session.getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && "hello-workspace".equals(v.getPersistentVolumeClaim().getClaimName()));
    PersistentVolumeClaim now = claim();
    assertThat(now.getMetadata().getResourceVersion())
        .isEqualTo(theirs.getMetadata().getResourceVersion());
    assertThat(now.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(now.getMetadata().getLabels()).isEqualTo(Map.of("team", "data"));

    // Not owned, so not collected with the JuliaPod.
    client.resource(get("hello")).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.pods().inNamespace(ns).withName("hello-repl").get() == null
                    && files() == null);
    assertThat(claim().getMetadata().getResourceVersion())
        .isEqualTo(theirs.getMetadata().getResourceVersion());
  }

  @Test
  void theClaimAndConfigMapAreWrittenAtOnceAndThePodAfterBoth() throws Exception {
    // The claim's first create is answered after 3 s, with a server error.
    String claims = "/api/v1/namespaces/" + ns + "/persistentvolumeclaims";
    server
        .expect()
        .post()
        .delay(3, TimeUnit.SECONDS)
        .withPath(claims)
        .andReturn(
            500,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(500)
                .withMessage("etcdserver: request timed out")
                .build())
        .once();
    requests();
    List<String> log = new ArrayList<>();
    client.resource(hello("hello")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              log.addAll(requests());
              return log.contains("POST " + claims);
            });

    // The ConfigMap does not wait for the claim's answer; the pod does.
    await().atMost(Duration.ofSeconds(2)).until(() -> files() != null);
    assertThat(claim()).isNull();
    assertThat(client.pods().inNamespace(ns).withName("hello-repl").get()).isNull();
    awaitPhase("hello", "Ready");
    log.addAll(requests());
    assertThat(log)
        .containsSubsequence(
            "POST " + claims, "POST " + claims, "POST /api/v1/namespaces/" + ns + "/pods");
  }

  @Test
  void onlyLabelledClaimsAndConfigMapsAreWatched() throws Exception {
    client.resource(hello("hello")).create();
    awaitPhase("hello", "Ready");
    // The operator's informers watch; the simulated cluster and these tests only list.
    List<String> watches =
        requests().stream()
            .filter(
                r ->
                    r.contains("watch=true")
                        && r.matches("GET /api/v1/(configmaps|persistentvolumeclaims)\\?.*"))
            .map(r -> URLDecoder.decode(r, StandardCharsets.UTF_8))
            .toList();
    assertThat(watches)
        .allMatch(w -> w.contains("labelSelector="))
        .anyMatch(
            w ->
                w.startsWith("GET /api/v1/configmaps?")
                    && w.contains("labelSelector=" + JuliaPodSources.SESSION_SELECTOR + "&"))
        .anyMatch(
            w ->
                w.startsWith("GET /api/v1/persistentvolumeclaims?")
                    && w.contains("labelSelector=" + JuliaPodSources.SESSION_SELECTOR + "&"));
  }

  private PersistentVolumeClaim claim() {
    return client.persistentVolumeClaims().inNamespace(ns).withName("hello-workspace").get();
  }

  private ConfigMap files() {
    return client.configMaps().inNamespace(ns).withName("hello-session").get();
  }

  /** The kubelet's next report on the session pod, as the simulation makes it. */
  private void kubelet(Function<Pod, PodStatus> kubelet) {
    cluster.sessions = kubelet;
    Pod session = client.pods().inNamespace(ns).withName("hello-repl").get();
    session.setStatus(kubelet.apply(session));
    client.resource(session).updateStatus();
  }

  /** The requests the mock server received since the last call, as "METHOD path". */
  private List<String> requests() throws InterruptedException {
    List<String> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request.getMethod() + " " + request.getPath());
    }
    return requests;
  }
}
