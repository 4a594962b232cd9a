package dev.juliapod.e2e;

import dev.juliapod.operator.FakeRegistry;
import dev.juliapod.operator.SimulatedCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster side of the benchmarks, driven by watches rather than polling so it keeps up with a
 * thousand objects: a build Job pushes its image to the registry and completes {@code build} after
 * it appears; a session pod is ready as soon as it appears.
 */
final class WatchedCluster implements AutoCloseable {
  /** Times, from System.nanoTime(), for the benchmarks' arithmetic. */
  interface Listener {
    default void buildStarted(Job job, long at) {}

    default void buildFinished(Job job, long at) {}

    default void podReady(Pod pod, long appeared, long ready) {}
  }

  private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(4);

  WatchedCluster(
      KubernetesClient client, FakeRegistry registry, Duration build, Listener listener) {
    client
        .batch()
        .v1()
        .jobs()
        .inAnyNamespace()
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                  listener.buildStarted(job, System.nanoTime());
                  workers.schedule(
                      () -> {
                        SimulatedCluster.Outcome pushed =
                            SimulatedCluster.Outcome.pushed(SimulatedCluster.digestOf(job));
                        registry.push(FakeRegistry.tagOf(job), pushed.digest());
                        SimulatedCluster.finish(client, job, pushed);
                        listener.buildFinished(job, System.nanoTime());
                      },
                      build.toMillis(),
                      TimeUnit.MILLISECONDS);
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
    // Worker pods, as the kubelet would run them: ready as soon as they appear.
    client
        .pods()
        .inAnyNamespace()
        .withLabel("app.kubernetes.io/component", "worker")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                  workers.execute(() -> SimulatedCluster.markReady(client, pod));
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
    client
        .pods()
        .inAnyNamespace()
        .withLabel("app.kubernetes.io/component", "session")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                  long appeared = System.nanoTime();
                  workers.execute(
                      () -> {
                        SimulatedCluster.markReady(client, pod);
                        listener.podReady(pod, appeared, System.nanoTime());
                      });
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
