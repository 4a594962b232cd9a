package dev.juliapod.cli;

import dev.juliapod.operator.HealthServer;
import dev.juliapod.operator.JuliaPodOperator;
import dev.juliapod.operator.OperatorMetrics;
import dev.juliapod.operator.Timings;
import dev.juliapod.plan.IdleTimeout;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Run the juliapod operator: reconcile JuliaPods and JuliaSysimages until stopped.",
      "Every option can also be set by the environment variable shown in its description;"
          + " the Kubernetes connection comes from the in-cluster service account or"
          + " KUBECONFIG."
    })
final class OperatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      split = ",",
      defaultValue = "${env:JULIAPOD_NAMESPACES}",
      description =
          "Namespaces to watch, repeatable or comma-separated; all when omitted"
              + " (JULIAPOD_NAMESPACES).")
  List<String> namespaces;

  @Mixin DefaultsOptions operatorDefaults;

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      defaultValue = "${env:JULIAPOD_HEALTH_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics (JULIAPOD_HEALTH_PORT, default" + " 8080).")
  int healthPort;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:JULIAPOD_LEADER_ELECTION:-false}",
      description = "Elect one active replica through a Lease (JULIAPOD_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      defaultValue = "${env:JULIAPOD_LEASE_NAMESPACE}",
      description =
          "Namespace of the Lease; the operator's own when omitted"
              + " (JULIAPOD_LEASE_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--build-pod-patience",
      paramLabel = "DURATION",
      defaultValue = "${env:JULIAPOD_BUILD_POD_PATIENCE}",
      description =
          "How long a build Job may go without a pod before its JuliaSysimage says"
              + " why (BuildPodRejected, from the Job's FailedCreate events), ISO-8601"
              + " (JULIAPOD_BUILD_POD_PATIENCE, default PT2M).")
  String buildPodPatience;

  @Option(
      names = "--sysimage-retention",
      paramLabel = "DURATION",
      defaultValue = "${env:JULIAPOD_SYSIMAGE_RETENTION}",
      description =
          "How long a JuliaSysimage no JuliaPod uses is kept before it is removed with its"
              + " Job and build context, so a JuliaPod created again soon finds it; ISO-8601"
              + " (JULIAPOD_SYSIMAGE_RETENTION, default PT5M). The image stays in the"
              + " registry either way.")
  String sysimageRetention;

  @Option(
      names = "--activity-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:JULIAPOD_ACTIVITY_INTERVAL}",
      description =
          "How often each session with idle culling on is asked for its activity, e.g. 1m,"
              + " 90s or PT1M (JULIAPOD_ACTIVITY_INTERVAL, default 1m); sessions are asked at"
              + " different moments within it.")
  String activityInterval;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      defaultValue = "${env:JULIAPOD_LOG_FORMAT:-text}",
      description =
          "Log lines as text or as JSON objects, one per line (JULIAPOD_LOG_FORMAT,"
              + " default text).")
  String logFormat;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:JULIAPOD_LOG_LEVEL:-info}",
      description = "error, warn, info, debug or trace (JULIAPOD_LOG_LEVEL, default info).")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    OperatorDefaults defaults = operatorDefaults.defaults();
    Timings timings =
        Timings.standard()
            .withBuildPodPatience(duration("--build-pod-patience", buildPodPatience))
            .withSysimageRetention(duration("--sysimage-retention", sysimageRetention))
            .withActivityInterval(interval("--activity-interval", activityInterval));
    Logging.configure(Logging.parseFormat(logFormat), Logging.parseLevel(logLevel));
    if (!CommonPool.pooled()) {
      LoggerFactory.getLogger(OperatorCommand.class)
          .warn(
              "{} is {}: the JDK's HTTP client starts a thread for every API answer; set it to 2"
                  + " or more (docs/design.md, \"Threads\")",
              CommonPool.PARALLELISM,
              ForkJoinPool.getCommonPoolParallelism());
    }
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(OperatorClient.config()).build();
    try {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      System.err.println(
          "juliapod operator: cannot reach the Kubernetes API at "
              + client.getMasterUrl()
              + " ("
              + rootMessage(e)
              + "); run it in a cluster, or point"
              + " KUBECONFIG at one");
      client.close();
      return 1;
    }
    OperatorMetrics metrics = new OperatorMetrics();
    Operator operator =
        JuliaPodOperator.create(
            client,
            defaults,
            new LinkedHashSet<>(
                Objects.requireNonNullElse(DefaultsOptions.given(namespaces), List.of())),
            timings,
            metrics,
            JuliaPodOperator.registry(defaults),
            o -> {
              if (leaderElection) {
                var lease =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                        "juliapod-operator");
                if (leaseNamespace != null) {
                  lease.withLeaseNamespace(leaseNamespace);
                }
                o.withLeaderElectionConfiguration(lease.build());
              }
            });
    CountDownLatch stopped = new CountDownLatch(1);
    try (HealthServer health = new HealthServer(healthPort, operator, metrics)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    operator.stop();
                    stopped.countDown();
                  }));
      operator.start();
      stopped.await();
    }
    return 0;
  }

  /**
   * Null when not given; written as the idle timeout is (1m, 90s, PT1M); never under a second,
   * which would ask without pause.
   */
  private Duration interval(String option, String value) {
    String given = DefaultsOptions.given(value);
    if (given == null) {
      return null;
    }
    Duration parsed = IdleTimeout.parse(given);
    if (parsed == null || parsed.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ParameterException(
          spec.commandLine(),
          option + " '" + given + "' is not a duration of a second or more: write e.g. 1m or PT1M");
    }
    return parsed;
  }

  /** Null when not given. */
  private Duration duration(String option, String value) {
    String given = DefaultsOptions.given(value);
    if (given == null) {
      return null;
    }
    try {
      Duration parsed = Duration.parse(given);
      if (parsed.isNegative()) {
        throw new DateTimeParseException("negative", given, 0);
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " '"
              + given
              + "' is not an ISO-8601 duration of zero or more: write e.g. PT2M or PT90S");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = Context.rootCause(e);
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
