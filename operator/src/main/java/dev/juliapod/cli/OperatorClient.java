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
   * times two to the number of reconnects since a socket last opened (at most 2^5; {@code
   * WatcherWebSocketListener.onOpen} resets the count; fabric8 kubernetes-client v7.5.2). Nothing
   * is lost, but what changed in that second reaches the operator only after it: the operator has
   * about ten informers, so one of them is in such a pause every minute or so, and a session whose
   * pod became Ready then was reported late by up to a second (BENCHMARKS.md, fifth round).
   * client-go opens the next watch at once (kubernetes
   * staging/src/k8s.io/client-go/tools/cache/reflector.go, {@code Reflector.watch}), but treats a
   * watch that ends within a second without events as an error and backs off.
   *
   * <p>fabric8 has no such guard: a watch that opens and ends at once (an error Status other than
   * 410, a proxy that drops long connections) is opened again after this interval, forever. The
   * informers' relists after a failed list or a 410 use it too (doubling to 2^5 times it), as do
   * watches that cannot be opened, after the HTTP client's own retries, which honour Retry-After.
   * So the interval is not made as small as the pause would like: at 250 ms a planned restart holds
   * events a quarter of a second, and against a broken API server or proxy the operator tries at
   * most four times a second per informer, doubling to every 8 s while opening fails (against 1 s
   * and 32 s with fabric8's default).
   */
  static final int WATCH_RECONNECT_MILLIS = 250;

  private OperatorClient() {}

  /**
   * The connection from kubeconfig or the service account, with the operator's timeouts; {@code
   * KUBERNETES_WATCH_RECONNECTINTERVAL} or {@code -Dkubernetes.watch.reconnectInterval} (fabric8's
   * own setting) replaces the wait above.
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
