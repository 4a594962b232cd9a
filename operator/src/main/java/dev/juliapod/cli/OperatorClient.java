package dev.juliapod.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Utils;

/** How `juliapod operator` talks to the API server (docs/design.md, "Watches"). */
final class OperatorClient {
  /**
   * How long a watch waits before it is opened again, and the first step of the backoff when
   * opening it fails.
   *
   * <p>fabric8 closes each informer's watch every 5 to 10 minutes and opens the next one from the
   * last resourceVersion it saw, after this wait, which is 1 s by default: the Reflector's {@code
   * timeoutFuture} calls {@code AbstractWatchManager.closeRequest}, the socket's end calls {@code
   * watchEnded}, and {@code scheduleReconnect} waits {@code nextReconnectInterval()}, the interval
   * times two to the number of failed attempts, which an opened socket resets ({@code
   * WatcherWebSocketListener.onOpen}; fabric8 kubernetes-client v7.5.2). Nothing is lost, but what
   * changed in that second reaches the operator only after it: the operator has about ten
   * informers, so one of them is in such a pause every minute or so, and a session whose pod became
   * Ready then was reported late by up to a second (BENCHMARKS.md, fifth round). client-go opens
   * the next watch at once (kubernetes staging/src/k8s.io/client-go/tools/cache/reflector.go,
   * {@code Reflector.watch}). With 100 ms the pause is a tenth; a failing API server is still
   * retried with doubling waits, up to 3.2 s (fabric8's {@code
   * ExponentialBackoffIntervalCalculator} stops doubling after five), and a Retry-After it sends is
   * honoured.
   */
  static final int WATCH_RECONNECT_MILLIS = 100;

  private OperatorClient() {}

  /**
   * The connection from kubeconfig or the service account, with the operator's timeouts; {@code
   * KUBERNETES_WATCH_RECONNECTINTERVAL} (fabric8's own setting) replaces the wait above.
   */
  static Config config() {
    Config config =
        new ConfigBuilder().withRequestTimeout(10_000).withConnectionTimeout(5_000).build();
    String given =
        Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_WATCH_RECONNECT_INTERVAL_SYSTEM_PROPERTY);
    if (given == null) {
      config.setWatchReconnectInterval(WATCH_RECONNECT_MILLIS);
    }
    return config;
  }
}
