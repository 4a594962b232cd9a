package dev.juliapod.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Where the operator asks a session for its activity, and how it reads the answer. */
class ActivityEndpointTest {
  @Test
  void thePodIpAtThePortTheListenerDeclaresByName() {
    assertThat(ActivityEndpoint.of(pod("10.244.1.7", true)).uri())
        .hasToString("http://10.244.1.7:8701/activity");
    assertThat(ActivityEndpoint.of(pod("fd00::7", true)).uri())
        .hasToString("http://[fd00::7]:8701/activity");
  }

  @Test
  void aPodWithoutListenerOrIpCannotBeAskedAndSaysWhy() {
    var old = ActivityEndpoint.of(pod("10.244.1.7", false));
    assertThat(old.uri()).isNull();
    assertThat(old.problem()).contains("no activity listener", "after it next starts");
    assertThat(ActivityEndpoint.of(pod(null, true)).problem()).contains("has no IP yet");
  }

  @Test
  void readsWhatActivityServerWrites() {
    var report =
        ActivityEndpoint.parse("{\"lastActivity\":\"2026-12-01T21:40:00.123Z\",\"busy\":true}");
    assertThat(report.lastActivity()).isEqualTo(Instant.parse("2026-12-01T21:40:00.123Z"));
    assertThat(report.busy()).isTrue();
  }

  @Test
  void anythingElseIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> ActivityEndpoint.parse("<html>")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> ActivityEndpoint.parse("{\"busy\":false}"))
        .hasMessageContaining("lacks lastActivity");
    assertThatThrownBy(
            () -> ActivityEndpoint.parse("{\"lastActivity\":\"yesterday\",\"busy\":false}"))
        .hasMessageContaining("not an RFC 3339 time");
    assertThatThrownBy(
            () ->
                ActivityEndpoint.parse(
                    "{\"lastActivity\":\"2026-12-01T21:40:00Z\",\"busy\":\"no\"}"))
        .hasMessageContaining("busy (true or false)");
  }

  private static Pod pod(String ip, boolean listener) {
    var builder =
        new PodBuilder()
            .withNewMetadata()
            .withName("hello-repl")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("julia")
            .endContainer();
    if (listener) {
      builder =
          builder
              .addNewContainer()
              .withName("activity")
              .addNewPort()
              .withName("activity")
              .withContainerPort(8701)
              .endPort()
              .endContainer();
    }
    return builder.endSpec().withNewStatus().withPodIP(ip).endStatus().build();
  }
}
