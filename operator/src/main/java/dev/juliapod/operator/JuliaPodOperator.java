package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.registry.RegistryClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Wires both controllers into one java-operator-sdk Operator; `juliapod operator` and tests share
 * it.
 */
public final class JuliaPodOperator {
  private JuliaPodOperator() {}

  /** The first listing of what the operator watches may take minutes on a big cluster. */
  static final Duration CACHE_SYNC_TIMEOUT = Duration.ofMinutes(9);

  /** Asks registries for 10 s at most, over plain HTTP where Kaniko pushes over it too. */
  public static RegistryClient registry(OperatorDefaults defaults) {
    return new RegistryClient(Duration.ofSeconds(10), defaults.insecureRegistries());
  }

  /**
   * @param namespaces the namespaces to watch; empty for all
   * @param timings the clock and intervals both controllers act on
   * @param registry how images are looked up before a build
   * @param extra further settings (leader election, ...)
   */
  public static Operator create(
      KubernetesClient client,
      OperatorDefaults defaults,
      Set<String> namespaces,
      Timings timings,
      OperatorMetrics metrics,
      RegistryClient registry,
      Consumer<ConfigurationServiceOverrider> extra) {
    // Parsed as what they are at the first read. fabric8 reads a watch event's object by its
    // apiVersion and kind, and a kind it has no class for becomes a GenericKubernetesResource
    // (KubernetesDeserializer.fromObjectNode) that the watch then converts into the informer's
    // class, a second pass over the whole object (AbstractWatchManager.eventReceived; fabric8
    // v7.5.2). Every JuliaPod event carries the project text; that second pass was 5% of the
    // operator's profile samples (BENCHMARKS.md, eighth round; docs/design.md, "Watches").
    client.getKubernetesSerialization().registerKubernetesResource(JuliaPod.class);
    client.getKubernetesSerialization().registerKubernetesResource(JuliaSysimage.class);
    // Server-side apply off for the primary resources, as the Flink operator runs it.
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  // java-operator-sdk gives up after 2 minutes by default; the chart's startupProbe
                  // waits 10.
                  .withCacheSyncTimeout(CACHE_SYNC_TIMEOUT)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withResourceCloner(new SharedSpecCloner(client.getKubernetesSerialization()))
                  // Per-resource metrics would grow with every JuliaPod; totals are enough.
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()));
              extra.accept(o);
            });
    EventRecorder events = new EventRecorder(client);
    SysimageUsers users = new SysimageUsers();
    operator.register(
        new JuliaSysimageReconciler(
            events,
            metrics,
            timings,
            defaults.insecureRegistries(),
            defaults.builds().cache(),
            registry,
            users),
        o -> {
          if (defaults.builds().central()) {
            // Its Job and build pod informers follow (java-operator-sdk's
            // SAME_AS_CONTROLLER_NAMESPACES_SET): Job rights are needed there only.
            o.settingNamespace(defaults.builds().namespace());
          } else {
            watch(o, namespaces);
          }
          // A sysimage is woken when it loses a user; if that wake is ever missed (an operator
          // stopped between a JuliaPod's deletion and its delete pass), it is looked at again
          // within the retention and goes then (docs/design.md, "Sharing").
          o.withReconciliationMaxInterval(timings.sysimageRetention());
        });
    operator.register(
        new JuliaPodReconciler(defaults, events, metrics, timings, registry, users),
        o -> watch(o, namespaces));
    return operator;
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void watch(
      ControllerConfigurationOverrider<R> o, Set<String> namespaces) {
    if (namespaces.isEmpty()) {
      o.watchingAllNamespaces();
    } else {
      o.settingNamespaces(namespaces);
    }
  }
}
