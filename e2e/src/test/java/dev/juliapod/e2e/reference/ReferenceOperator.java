package dev.juliapod.e2e.reference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.juliapod.operator.EventRecorder;
import dev.juliapod.operator.HealthServer;
import dev.juliapod.operator.OperatorMetrics;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * The reference of `bin/bench scale --compare` (issue 18, point 3): the least a java-operator-sdk
 * operator does to give a JuliaPod whose sysimage is already built a Ready session. Per JuliaPod it
 * makes the workspace claim and the session ConfigMap together, then the session pod, and once the
 * pod is Ready writes status once and sends one event: 5 requests, 2 reconciles, 3 sequential round
 * trips. It plans nothing, builds nothing and joins no sysimage, so juliapod's figures divided by
 * its figures are what juliapod costs above that floor on the same mock and machine.
 *
 * <p>Configured as `juliapod operator` is ({@code cli.OperatorCommand}, {@code JuliaPodOperator}):
 * KUBECONFIG from the environment, the same client timeouts, no server-side apply for the primary,
 * java-operator-sdk's metrics without per-resource meters in the same registry, and juliapod's own
 * health server on JULIAPOD_HEALTH_PORT and event recorder, so the bench measures both the same
 * way. Logging at INFO, as the operator logs, since every event is also a log line there.
 */
public final class ReferenceOperator {
  private ReferenceOperator() {}

  public static void main(String[] args) throws Exception {
    // juliapod's main does the same on this two-CPU machine (cli.CommonPool, docs/design.md,
    // "Threads"): the bench compares what the operators do, not a JDK default only one avoids.
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
    }
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
    // As cli.Logging: fabric8's watch reconnects are noise below WARN.
    logging.getLogger("io.fabric8.kubernetes.client.dsl.internal").setLevel(Level.WARN);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder().withRequestTimeout(10_000).withConnectionTimeout(5_000).build())
            .build();
    OperatorMetrics metrics = new OperatorMetrics();
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCacheSyncTimeout(Duration.ofMinutes(9))
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry())));
    operator.register(
        new ReferenceReconciler(new EventRecorder(client)), o -> o.watchingAllNamespaces());
    int port = Integer.parseInt(System.getenv().getOrDefault("JULIAPOD_HEALTH_PORT", "8080"));
    // The health server's thread keeps the JVM alive; SIGTERM (OperatorProcess.stop) runs the
    // hook that stops the operator, and the JVM exits.
    new HealthServer(port, operator, metrics);
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
  }
}
