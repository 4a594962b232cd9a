package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's API client: a watch fabric8 closes on its own is opened again after 250 ms. */
class OperatorClientTest {
  @AfterEach
  void clear() {
    System.clearProperty(Config.KUBERNETES_WATCH_RECONNECT_INTERVAL_SYSTEM_PROPERTY);
  }

  @Test
  void reopensWatchesAfterAQuarterOfASecondWithTheOperatorsTimeouts() {
    Config config = OperatorClient.config();

    assertThat(config.getWatchReconnectInterval()).isEqualTo(250);
    assertThat(new ConfigBuilder().build().getWatchReconnectInterval())
        .as("fabric8's own default, which OperatorClient replaces")
        .isEqualTo(1000);
    assertThat(config.getRequestTimeout()).isEqualTo(10_000);
    assertThat(config.getConnectionTimeout()).isEqualTo(5_000);
  }

  @Test
  void fabric8sOwnSettingStillDecides() {
    System.setProperty(Config.KUBERNETES_WATCH_RECONNECT_INTERVAL_SYSTEM_PROPERTY, "2500");

    assertThat(OperatorClient.config().getWatchReconnectInterval()).isEqualTo(2500);
  }
}
