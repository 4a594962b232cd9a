package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.operator.OwnerLookup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kubernetes' garbage collector for the benches, which the CRUD mock does not have: when a
 * JuliaPod, JuliaSysimage or Job is deleted, its dependents in its namespace go once none of their
 * owners exists, and a deleted Job takes its pods with it the same way. Driven by watches, like
 * {@link WatchedCluster}, rather than {@code SimulatedCluster}'s listing every 20 ms, which would
 * walk the mock's thousands of objects all through a measured run. The operator's removal of an
 * unused sysimage (a background-propagated delete) leaves its Job, build context and build pod to
 * this, as it leaves them to the collector on a cluster.
 */
final class WatchedCollector implements AutoCloseable {
  private final KubernetesClient client;
  // Several at once, as Kubernetes' collector (--concurrent-gc-syncs, 20 by default): one after
  // another, a sysimage's pass waited behind a thousand JuliaPods' (BENCHMARKS.md, issue 19).
  private final ExecutorService worker = Executors.newFixedThreadPool(4);
  private final List<Watch> watches = new ArrayList<>();
  private final AtomicInteger collected = new AtomicInteger();

  WatchedCollector(KubernetesClient client) {
    this.client = client;
    watches.add(client.resources(JuliaPod.class).inAnyNamespace().watch(onDelete()));
    watches.add(client.resources(JuliaSysimage.class).inAnyNamespace().watch(onDelete()));
    watches.add(client.batch().v1().jobs().inAnyNamespace().watch(onDelete()));
  }

  /** How many dependents it has deleted so far. */
  int collected() {
    return collected.get();
  }

  private <T extends HasMetadata> Watcher<T> onDelete() {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T owner) {
        if (action == Action.DELETED) {
          worker.execute(() -> collect(owner));
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private void collect(HasMetadata owner) {
    String namespace = owner.getMetadata().getNamespace();
    String uid = owner.getMetadata().getUid();
    List<HasMetadata> candidates;
    try {
      candidates = candidates(namespace);
    } catch (KubernetesClientException e) {
      System.err.println(
          "WatchedCollector: no list after " + owner.getMetadata().getName() + ": " + e);
      return;
    }
    for (HasMetadata dependent : candidates) {
      List<OwnerReference> owners = dependent.getMetadata().getOwnerReferences();
      if (owners == null || owners.stream().noneMatch(o -> uid.equals(o.getUid()))) {
        continue;
      }
      try {
        if (owners.stream().noneMatch(o -> OwnerLookup.exists(client, o, namespace))) {
          // The dependent as it is now: one of the same name made since is not this one.
          HasMetadata latest = client.resource(dependent).get();
          if (latest != null
              && latest.getMetadata().getUid().equals(dependent.getMetadata().getUid())) {
            client.resource(latest).delete();
            collected.incrementAndGet();
          }
        }
      } catch (KubernetesClientException e) {
        // Deleted meanwhile by another pass or the bench's own clearing.
      } catch (RuntimeException e) {
        // A fault of this simulation: say it rather than lose it in the executor.
        System.err.println("WatchedCollector: collecting " + dependent.getMetadata().getName());
        e.printStackTrace();
      }
    }
  }

  /** What juliapod makes with owner references: session objects, sysimages, builds. */
  private List<HasMetadata> candidates(String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(client.resources(JuliaSysimage.class).inNamespace(namespace).list().getItems());
    all.addAll(client.batch().v1().jobs().inNamespace(namespace).list().getItems());
    all.addAll(client.pods().inNamespace(namespace).list().getItems());
    all.addAll(client.configMaps().inNamespace(namespace).list().getItems());
    all.addAll(client.persistentVolumeClaims().inNamespace(namespace).list().getItems());
    // A JuliaPod's cluster cookie, and with workers their Service and NetworkPolicy.
    all.addAll(client.secrets().inNamespace(namespace).list().getItems());
    all.addAll(client.services().inNamespace(namespace).list().getItems());
    all.addAll(client.network().v1().networkPolicies().inNamespace(namespace).list().getItems());
    return all;
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
    worker.shutdownNow();
  }
}
