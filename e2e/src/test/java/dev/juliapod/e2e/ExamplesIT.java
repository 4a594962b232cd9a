package dev.juliapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.operator.Crds;
import dev.juliapod.operator.SimulatedCluster;
import dev.juliapod.operator.TestBases;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator, started as `juliapod operator` with a kubeconfig, against fabric8's CRUD
 * mock API server; {@link SimulatedCluster} plays the Job controller, the kubelet and the garbage
 * collector. Every example is applied, walked to Ready, then deleted.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ExamplesIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path work;

  @Test
  void everyExampleReachesReadyAndLeavesNothingBehind() throws Exception {
    Crds.install(client, Examples.ROOT);
    Map<String, List<HasMetadata>> applied = new LinkedHashMap<>();
    try (OperatorProcess operator =
            OperatorProcess.start(
                server.url("/"),
                work,
                Map.of(
                    "JULIAPOD_LOG_FORMAT",
                    "json",
                    // Base images resolve on loopback, wherever the suite runs.
                    "JULIAPOD_JULIA_IMAGE",
                    TestBases.pattern(),
                    "JULIAPOD_INSECURE_REGISTRIES",
                    TestBases.host(),
                    // Unused sysimages go 2 s after their last JuliaPod, not 5 minutes.
                    "JULIAPOD_SYSIMAGE_RETENTION",
                    "PT2S"),
                // As on a node with two CPUs, or a pod limited to two (docs/design.md, "Threads").
                List.of("-XX:ActiveProcessorCount=2"));
        SimulatedCluster cluster = new SimulatedCluster(client)) {
      for (Path example : Examples.folders()) {
        String ns = "e2e-" + example.getFileName();
        List<HasMetadata> objects = Examples.objects(example, ns);
        credentialsSecrets(objects).forEach(s -> client.resource(s).create());
        objects.forEach(o -> client.resource(o).create());
        applied.put(ns, objects);
      }
      assertThat(applied)
          .containsKeys("e2e-gitops", "e2e-gpu", "e2e-hello", "e2e-private-registry", "e2e-team");

      List<JuliaPod> pods = awaitAllReady(applied.keySet());
      int sysimages = 0;
      for (String ns : applied.keySet()) {
        List<JuliaPod> here =
            pods.stream().filter(p -> p.getMetadata().getNamespace().equals(ns)).toList();
        long distinct = here.stream().map(p -> p.getStatus().sysimage).distinct().count();
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems())
            .as("one build per distinct sysimage in %s", ns)
            .hasSize((int) distinct);
        sysimages += (int) distinct;
        for (JuliaPod pod : here) {
          assertThat(pod.getStatus().image)
              .as(pod.getMetadata().getName())
              .matches(Pattern.quote(pod.getSpec().build.repository) + "@sha256:[0-9a-f]{64}");
          assertThat(pod.getStatus().observedGeneration)
              .isEqualTo(pod.getMetadata().getGeneration());
          Pod session =
              client.pods().inNamespace(ns).withName(pod.getMetadata().getName() + "-repl").get();
          assertThat(session.getSpec().getContainers().get(0).getImage())
              .isEqualTo(pod.getStatus().image);
          assertThat(pod.getStatus().attachCommand)
              .isEqualTo(
                  "kubectl attach -it -n "
                      + ns
                      + " "
                      + pod.getMetadata().getName()
                      + "-repl -c julia");
        }
      }
      assertThat(operator.metric("juliapod_builds_started_total")).isEqualTo(sysimages);
      assertThat(operator.metric("juliapod_builds_succeeded_total")).isEqualTo(sysimages);
      assertThat(operator.metric("juliapod_sysimage_cache_hits_total"))
          .as("team's second JuliaPod joins the first one's sysimage")
          .isGreaterThanOrEqualTo(1);
      assertThat(operator.metric("juliapod_sessions_running")).isEqualTo(pods.size());

      // kubectl delete -k / -f of each example: the JuliaPods and their ConfigMaps.
      applied.values().forEach(objects -> objects.forEach(o -> client.resource(o).delete()));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                for (String ns : applied.keySet()) {
                  assertThat(leftovers(ns)).as("left in %s", ns).isEmpty();
                }
                assertThat(operator.metric("juliapod_sessions_running")).isZero();
              });
      assertThat(operator.isAlive()).isTrue();
      // Pools, not a thread per API answer: with the common pool's parallelism at 1 this run
      // started about 240 threads, no more than 130 at once; with it pooled, each thread it
      // started is one of those it holds (128 of 128).
      double started = operator.metric("jvm_threads_started_threads_total");
      double peak = operator.metric("jvm_threads_peak_threads");
      assertThat(started).as("threads started, at most %.0f at once", peak).isLessThan(peak + 20);
      assertThat(errors(operator.log())).as("ERROR lines in the operator's log").isEmpty();
      assertThat(operator.stop()).as("exit after SIGTERM").isIn(0, 143);
    }
  }

  private List<JuliaPod> awaitAllReady(Iterable<String> namespaces) {
    List<JuliaPod> ready = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              ready.clear();
              for (String ns : namespaces) {
                for (JuliaPod pod :
                    client.resources(JuliaPod.class).inNamespace(ns).list().getItems()) {
                  assertThat(pod.getStatus()).as(pod.getMetadata().getName()).isNotNull();
                  assertThat(pod.getStatus().phase)
                      .as("%s/%s: %s", ns, pod.getMetadata().getName(), pod.getStatus().message)
                      .isEqualTo("Ready");
                  ready.add(pod);
                }
              }
            });
    return ready;
  }

  /** What the operator created in a namespace that outlived the example. */
  private List<String> leftovers(String ns) {
    List<HasMetadata> left = new ArrayList<>();
    left.addAll(client.resources(JuliaSysimage.class).inNamespace(ns).list().getItems());
    left.addAll(client.batch().v1().jobs().inNamespace(ns).list().getItems());
    left.addAll(client.pods().inNamespace(ns).list().getItems());
    left.addAll(client.configMaps().inNamespace(ns).list().getItems());
    left.addAll(client.persistentVolumeClaims().inNamespace(ns).list().getItems());
    return left.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  private static List<String> errors(String jsonLog) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> errors = new ArrayList<>();
    for (String line : jsonLog.split("\n")) {
      if (line.startsWith("{")) {
        JsonNode entry = json.readTree(line);
        if ("ERROR".equals(entry.path("level").asText())) {
          errors.add(
              entry.path("loggerName").asText() + ": " + entry.path("formattedMessage").asText());
        }
      }
    }
    return errors;
  }

  /**
   * The credentials Secrets the examples name, made as their comments tell a user to make them
   * (examples/private-registry/kustomization.yaml): never part of the example itself.
   */
  private static List<io.fabric8.kubernetes.api.model.Secret> credentialsSecrets(
      List<HasMetadata> objects) {
    return objects.stream()
        .filter(o -> o instanceof JuliaPod)
        .map(o -> (JuliaPod) o)
        .filter(p -> p.getSpec().julia.credentialsSecret != null)
        .map(
            p ->
                new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata()
                    .withName(p.getSpec().julia.credentialsSecret)
                    .withNamespace(p.getMetadata().getNamespace())
                    .withLabels(java.util.Map.of("juliapod.dev/credentials", "true"))
                    .endMetadata()
                    .withStringData(
                        java.util.Map.of(".git-credentials", "https://x:token@github.com\n"))
                    .build())
        .distinct()
        .toList();
  }
}
