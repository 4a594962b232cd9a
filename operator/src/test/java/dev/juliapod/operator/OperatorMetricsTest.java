package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
  private static JuliaSysimage sysimage(String namespace, String name) {
    JuliaSysimage s = new JuliaSysimage();
    s.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return s;
  }

  @Test
  void eachSysimageCountsOnceAndTheSamePlanInTwoNamespacesCountsTwice() {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.buildSucceeded(sysimage("team-a", "jsi-1"), Duration.ofMinutes(3));
    metrics.buildSucceeded(sysimage("team-a", "jsi-1"), Duration.ofMinutes(3));
    metrics.buildSucceeded(sysimage("team-b", "jsi-1"), Duration.ofMinutes(4));
    metrics.buildFailed(sysimage("team-a", "jsi-2"), "OOMKilled");
    metrics.buildFailed(sysimage("team-a", "jsi-2"), "OOMKilled");
    metrics.buildRetried(sysimage("team-a", "jsi-2"));
    metrics.buildFailed(sysimage("team-a", "jsi-2"), "OOMKilled");

    assertThat(metrics.scrape())
        .contains("juliapod_builds_succeeded_total 2.0")
        .contains("juliapod_build_duration_seconds_count 2")
        .contains("juliapod_builds_failed_total{reason=\"OOMKilled\"} 2.0");
  }
}
