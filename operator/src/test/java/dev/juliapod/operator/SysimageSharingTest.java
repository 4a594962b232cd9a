package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JuliaSysimage shared by the JuliaPods whose plans hash the same, with its users derived from
 * the JuliaPods rather than written on it (docs/design.md, "Sharing"): joining writes nothing, the
 * last user's going starts the retention, a restart loses no user, and sysimages that carry
 * JuliaPod owner references from before keep working.
 */
@EnableKubernetesMockClient(crud = true)
class SysimageSharingTest extends OperatorTestBase {

  private String base() {
    return "/apis/juliapod.dev/v1alpha1/namespaces/" + ns;
  }

  /** Still there for twice the retention (2 s here). */
  private void assertKeptPastTheRetention(String name) {
    await()
        .pollDelay(Duration.ofMillis(100))
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> sysimage(name) != null);
  }

  private List<String> requests() throws InterruptedException {
    List<String> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request.getMethod() + " " + request.getPath());
    }
    return requests;
  }

  private void restart(Timings timings) {
    operator.stop();
    startOperator(timings);
  }

  private void startOperator(Timings timings) {
    metrics = new OperatorMetrics();
    operator =
        JuliaPodOperator.create(
            client, defaults(), Set.of(), timings, metrics, registry(), TestBases::inTests);
    operator.start();
  }

  @Test
  void joiningABuiltSysimageWritesNothingToIt() throws Exception {
    client.resource(hello("alice")).create();
    String name = awaitPhase("alice", "Ready").getStatus().sysimage;
    requests(); // what came before

    client.resource(hello("bob")).create();
    assertThat(awaitPhase("bob", "Ready").getStatus().sysimage).isEqualTo(name);

    assertThat(requests())
        .as("requests that write the shared sysimage")
        .filteredOn(r -> r.contains(base() + "/juliasysimages"))
        .filteredOn(r -> !r.startsWith("GET") && !r.contains("/status"))
        .isEmpty();
    assertThat(sysimage(name).getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void theSysimageGoesOnlyAfterItsLastUserAndTheRetention() throws Exception {
    client.resource(hello("alice")).create();
    client.resource(hello("bob")).create();
    String name = awaitPhase("alice", "Ready").getStatus().sysimage;
    awaitPhase("bob", "Ready");

    client.resource(get("bob")).delete();
    // Kept past the retention (2 s here): alice still uses it.
    assertKeptPastTheRetention(name);

    client.resource(get("alice")).delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(sysimage(name)).as("removed after the retention").isNull();
              assertThat(jobs()).as("its Job goes with it (garbage collection)").isEmpty();
            });
  }

  @Test
  void aJuliaPodCreatedAgainWithinTheRetentionUsesTheSameImage() throws Exception {
    restart(timings().withSysimageRetention(Duration.ofMinutes(1)));
    client.resource(hello("alice")).create();
    String name = awaitPhase("alice", "Ready").getStatus().sysimage;
    client.resource(get("alice")).delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> get("alice") == null);

    client.resource(hello("alice")).create();
    assertThat(awaitPhase("alice", "Ready").getStatus().sysimage).isEqualTo(name);
    assertThat(jobs()).hasSize(1);
    assertThat(metrics.registry().get("juliapod.builds.started").counter().count()).isEqualTo(1);
  }

  @Test
  void aRestartedOperatorKnowsTheUsersFromTheirStatus() throws Exception {
    client.resource(hello("alice")).create();
    client.resource(hello("bob")).create();
    String name = awaitPhase("alice", "Ready").getStatus().sysimage;
    awaitPhase("bob", "Ready");

    restart(timings());
    client.resource(get("bob")).delete();
    assertKeptPastTheRetention(name);
    assertThat(get("alice").getStatus().phase).isEqualTo("Ready");

    client.resource(get("alice")).delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> sysimage(name) == null);
  }

  @Test
  void sysimagesOwnedByJuliaPodsFromBeforeKeepWorking() throws Exception {
    client.resource(hello("alice")).create();
    JuliaPod alice = awaitPhase("alice", "Ready");
    String name = alice.getStatus().sysimage;
    operator.stop();
    // What operators before derived users wrote: every user an owner.
    client
        .resources(JuliaSysimage.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            s -> {
              s.getMetadata().setOwnerReferences(new ArrayList<>(List.of(Owners.of(alice, false))));
              return s;
            });

    startOperator(timings());
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(sysimage(name).getMetadata().getOwnerReferences()).isNullOrEmpty());
    client.resource(hello("bob")).create();
    assertThat(awaitPhase("bob", "Ready").getStatus().sysimage).isEqualTo(name);

    // With alice as its owner, Kubernetes would now collect the sysimage bob uses.
    client.resource(get("alice")).delete();
    assertKeptPastTheRetention(name);
    assertThat(jobs()).hasSize(1);
  }
}
