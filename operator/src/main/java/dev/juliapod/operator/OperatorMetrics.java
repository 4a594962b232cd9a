package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics: java-operator-sdk's own (reconciles, errors, queue) and
 * juliapod's (builds, build time, sysimage reuse, running sessions), and the JVM's (heap, threads,
 * CPU, classes), scraped at `/metrics`.
 */
public final class OperatorMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter started;
  private final Counter succeeded;
  private final Timer duration;
  private final Counter cacheHits;
  private final Counter registryHits;
  private final Counter culled;

  /** Sysimages already counted, so a reconcile that sees the same outcome again does not. */
  private final Set<String> finished = ConcurrentHashMap.newKeySet();

  public OperatorMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    started =
        Counter.builder("juliapod.builds.started")
            .description("Kaniko sysimage builds started")
            .register(registry);
    succeeded =
        Counter.builder("juliapod.builds.succeeded")
            .description("Sysimage builds that pushed an image")
            .register(registry);
    duration =
        Timer.builder("juliapod.build.duration")
            .description("From the build Job's creation to its pushed image")
            .register(registry);
    registryHits =
        Counter.builder("juliapod.registry.hits")
            .description("Sysimages whose image was found in the registry, so nothing was built")
            .register(registry);
    culled =
        Counter.builder("juliapod.sessions.culled")
            .description("Session pods stopped because their REPL was idle past its timeout")
            .register(registry);
    cacheHits =
        Counter.builder("juliapod.sysimage.cache.hits")
            .description("JuliaPods served by a JuliaSysimage another JuliaPod had planned")
            .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  void registryHit() {
    registryHits.increment();
  }

  void buildStarted() {
    started.increment();
  }

  void buildSucceeded(HasMetadata sysimage, Duration took) {
    if (finished.add(key(sysimage))) {
      succeeded.increment();
      duration.record(took);
    }
  }

  void buildFailed(HasMetadata sysimage, String reason) {
    if (finished.add(key(sysimage) + "#" + reason)) {
      Counter.builder("juliapod.builds.failed")
          .description("Sysimage builds that failed")
          .tag("reason", reason)
          .register(registry)
          .increment();
    }
  }

  /** A failed sysimage that is retried may fail or succeed again and be counted again. */
  void buildRetried(HasMetadata sysimage) {
    String retried = key(sysimage);
    finished.removeIf(key -> key.equals(retried) || key.startsWith(retried + "#"));
  }

  /** Namespaced: per-namespace builds make the same plan in two namespaces two sysimages. */
  private static String key(HasMetadata sysimage) {
    return sysimage.getMetadata().getNamespace() + "/" + sysimage.getMetadata().getName();
  }

  void cacheHit() {
    cacheHits.increment();
  }

  void sessionCulled() {
    culled.increment();
  }

  void sessionsRunning(Supplier<Number> count) {
    Gauge.builder("juliapod.sessions.running", count)
        .description("Session pods ready")
        .register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }
}
