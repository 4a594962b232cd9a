package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.plan.BuildRules;
import dev.juliapod.registry.RegistryClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An installed operator switched to central builds (README, "Central builds: what a platform team
 * sets"): its JuliaPods move to a sysimage in the build namespace, which finds the image their
 * per-namespace build pushed under the same tag, so nothing builds again and no session restarts.
 */
@EnableKubernetesMockClient(crud = true)
class SwitchToCentralBuildsTest extends OperatorTestBase {
  static final String BUILDS = "juliapod-builds";
  final FakeRegistry registry = FakeRegistry.start();

  @Override
  RegistryClient registry() {
    return TestBases.client(registry.host());
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  @Test
  void juliaPodsMoveToTheBuildNamespaceWithoutABuildOrASessionRestart() throws Exception {
    registry.pushOnSuccess(cluster);
    JuliaPod pod = hello("alice");
    pod.getSpec().build.repository = registry.repository();
    client.resource(pod).create();
    JuliaPod before = awaitPhase("alice", "Ready");
    String session =
        client.pods().inNamespace(ns).withName("alice-repl").get().getMetadata().getUid();
    assertThat(before.getStatus().sysimageNamespace).isEqualTo(ns);

    operator.stop();
    metrics = new OperatorMetrics();
    operator =
        JuliaPodOperator.create(
            client,
            defaults().toBuilder().builds(new BuildRules(BUILDS, List.of(), List.of())).build(),
            Set.of(),
            timings(),
            metrics,
            registry(),
            TestBases::inTests);
    operator.start();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod after = get("alice");
              assertThat(after.getStatus().sysimageNamespace).isEqualTo(BUILDS);
              assertThat(after.getStatus().phase).isEqualTo("Ready");
              assertThat(after.getStatus().image).isEqualTo(before.getStatus().image);
            });
    JuliaSysimage central =
        client
            .resources(JuliaSysimage.class)
            .inNamespace(BUILDS)
            .withName(before.getStatus().sysimage)
            .get();
    assertThat(central.getStatus().image).isEqualTo(before.getStatus().image);
    assertThat(client.batch().v1().jobs().inNamespace(BUILDS).list().getItems()).isEmpty();
    assertThat(metrics.registry().get("juliapod.builds.started").counter().count()).isZero();
    assertThat(client.pods().inNamespace(ns).withName("alice-repl").get().getMetadata().getUid())
        .as("the same session pod")
        .isEqualTo(session);
    // The old sysimage is not watched any more: it stays until removed by hand (README).
    assertThat(sysimage(before.getStatus().sysimage)).isNotNull();
  }
}
