package dev.juliapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.operator.Crds;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benches' garbage collector: a removed sysimage takes its Job, build context and, through the
 * Job, the build pod; what has another owner left, or none, stays.
 */
class WatchedCollectorTest {
  private static final String NS = "builds";
  private KubernetesMockServer server;
  private KubernetesClient client;
  private WatchedCollector collector;

  @BeforeEach
  void start() throws Exception {
    server = BenchCluster.mockServer();
    client = server.createClient();
    Crds.install(client, Examples.ROOT);
    collector = new WatchedCollector(client);
  }

  @AfterEach
  void stop() {
    collector.close();
    client.close();
    server.destroy();
  }

  @Test
  void aDeletedSysimageTakesItsBuildWithItAndNothingElse() {
    JuliaSysimage gone = sysimage("gone");
    JuliaSysimage kept = sysimage("kept");
    var job = client.resource(job("gone-build", owner(gone))).create();
    client.resource(pod("gone-build-x1", owner(job))).create();
    client.resource(configMap("gone-context", owner(gone))).create();
    client.resource(configMap("shared", owner(gone), owner(kept))).create();
    client.resource(configMap("kept-context", owner(kept))).create();
    client.resource(configMap("nobodys")).create();

    client.resource(gone).delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
              assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
              assertThat(names(client.configMaps().inNamespace(NS).list().getItems()))
                  .containsExactlyInAnyOrder("shared", "kept-context", "nobodys");
            });
    assertThat(collector.collected()).isEqualTo(3);
  }

  private JuliaSysimage sysimage(String name) {
    JuliaSysimage sysimage = new JuliaSysimage();
    sysimage.getMetadata().setName(name);
    sysimage.getMetadata().setNamespace(NS);
    return client.resource(sysimage).create();
  }

  private static OwnerReference owner(HasMetadata o) {
    return new OwnerReferenceBuilder()
        .withApiVersion(o.getApiVersion())
        .withKind(o.getKind())
        .withName(o.getMetadata().getName())
        .withUid(o.getMetadata().getUid())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.Job job(String name, OwnerReference o) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withOwnerReferences(o)
        .endMetadata()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String name, OwnerReference o) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withOwnerReferences(o)
        .endMetadata()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(
      String name, OwnerReference... owners) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withOwnerReferences(List.of(owners))
        .endMetadata()
        .build();
  }

  private static List<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).toList();
  }
}
