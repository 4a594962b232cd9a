package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A cull this process decided is carried out although the next pass reads a JuliaPod whose cached
 * status does not show it yet (java-operator-sdk keeps a written resource only while the informer
 * holds the version it replaced); an edit since, or the cache catching up, ends that memory.
 */
class SessionCullingTest {
  private final SessionCulling culling =
      new SessionCulling(new ActivityWatch(Duration.ofMinutes(1), Clock.systemUTC()), null, null);

  @Test
  void aDecidedCullOutlivesAStaleCache() {
    culling.decided(pod(3, null), "2026-12-01T12:00:00.000Z");

    JuliaPodStatus stale = new JuliaPodStatus();
    assertThat(culling.pending(pod(3, stale), stale)).isTrue();
    assertThat(stale.idleSince).as("put back for the pass").isEqualTo("2026-12-01T12:00:00.000Z");

    JuliaPodStatus caughtUp = new JuliaPodStatus();
    caughtUp.idleSince = "2026-12-01T12:00:00.000Z";
    assertThat(culling.pending(pod(3, caughtUp), caughtUp)).isFalse();
    JuliaPodStatus later = new JuliaPodStatus();
    assertThat(culling.pending(pod(3, later), later)).as("forgotten once seen").isFalse();
  }

  @Test
  void anEditSinceTheDecisionEndsIt() {
    culling.decided(pod(3, null), "2026-12-01T12:00:00.000Z");
    JuliaPodStatus status = new JuliaPodStatus();
    assertThat(culling.pending(pod(4, status), status)).isFalse();
    assertThat(status.idleSince).isNull();
  }

  @Test
  void aDeletedJuliaPodDropsItsDecisionAndEachPodCountsOnce() {
    culling.decided(pod(3, null), "2026-12-01T12:00:00.000Z");
    culling.gone(pod(3, null));
    JuliaPodStatus status = new JuliaPodStatus();
    assertThat(culling.pending(pod(3, status), status)).isFalse();

    assertThat(culling.firstCull("uid-1")).isTrue();
    assertThat(culling.firstCull("uid-1")).isFalse();
  }

  private static JuliaPod pod(long generation, JuliaPodStatus status) {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(
        new ObjectMetaBuilder()
            .withName("hello")
            .withNamespace("team")
            .withGeneration(generation)
            .build());
    pod.setStatus(status);
    return pod;
  }
}
