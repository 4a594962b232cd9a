package dev.juliapod.operator;

import dev.juliapod.api.Labels;
import dev.juliapod.session.SessionObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An informer store that keeps only what the operator reads of each object (docs/design.md,
 * "Watches"). A session pod's spec and a session ConfigMap's data were most of what the operator
 * held per JuliaPod beyond the JuliaPod itself (BENCHMARKS.md): the pod is compared with its
 * template by an annotation ({@code SessionTemplate}), the ConfigMap with its desired data by the
 * hash of the data it holds ({@code SessionConfigMap}), and the event that brings either carries
 * the whole object.
 *
 * <p>What reads these caches must read only what is kept: fabric8 hands out the pruned object for
 * the first listing's adds, a relist's deletes and as the old object of an update
 * (ProcessorStore.updateInternal, retainAll), and an indexer's stale entries are removed through
 * the pruned old object (CacheImpl.updateIndices); metadata is kept, so the namespace index and
 * owner-reference mapping are safe. The one-informer check below is made once, when the sources are
 * prepared; the operator never changes its namespaces while running.
 */
final class PrunedStore<V extends HasMetadata> extends BasicItemStore<V> {
  private final UnaryOperator<V> prune;

  private PrunedStore(UnaryOperator<V> prune) {
    super(Cache::metaNamespaceKeyFunc); // the informer's own key (BasicItemStore's default)
    this.prune = prune;
  }

  @Override
  public V put(String key, V obj) {
    return super.put(key, prune.apply(obj));
  }

  /**
   * {@code builder} with a store that keeps what {@code prune} leaves, when one informer serves the
   * controller. java-operator-sdk gives every namespace's informer the same store instance
   * (InformerManager.createEventSource, `informer::itemStore`), and fabric8's relist drops what the
   * store holds that its own listing lacks (ProcessorStore.retainAll): with several namespaces, one
   * namespace's relist would drop the others' objects. There the store stays whole.
   */
  static <V extends HasMetadata> InformerEventSourceConfiguration.Builder<V> keeping(
      InformerEventSourceConfiguration.Builder<V> builder,
      EventSourceContext<?> context,
      UnaryOperator<V> prune) {
    return context.getControllerConfiguration().getInformerConfig().getNamespaces().size() == 1
        ? builder.withItemStore(new PrunedStore<>(prune))
        : builder;
  }

  /**
   * A session pod as the operator reads it: metadata, status, and its containers' names, images and
   * resources (ContainerFailure names the memory limit an OOMKilled container had), and ports (the
   * activity listener's is asked by name). The parts kept are the watched object's own, not copies:
   * nothing else holds that object.
   */
  static Pod sessionPod(Pod pod) {
    if (pod.getSpec() == null) {
      return pod;
    }
    PodSpec spec = new PodSpec();
    spec.setContainers(containers(pod.getSpec().getContainers()));
    spec.setInitContainers(containers(pod.getSpec().getInitContainers()));
    Pod kept = new Pod();
    kept.setMetadata(withoutManagedFields(pod.getMetadata()));
    kept.setSpec(spec);
    kept.setStatus(pod.getStatus());
    return kept;
  }

  /**
   * A session ConfigMap without its data, and with the hash of the data it really has in its
   * annotation: a ConfigMap of an earlier version has no annotation, and a hand edit of the data
   * leaves the one it has, yet both are compared by what they hold ({@link SessionConfigMap}).
   */
  static ConfigMap sessionConfigMap(ConfigMap map) {
    String held = SessionObjects.dataHash(Objects.requireNonNullElse(map.getData(), Map.of()));
    ObjectMeta meta = withoutManagedFields(map.getMetadata());
    if (meta.getAnnotations() == null
        || !held.equals(meta.getAnnotations().get(Labels.DATA_HASH))) {
      meta = new ObjectMetaBuilder(meta).addToAnnotations(Labels.DATA_HASH, held).build();
    }
    ConfigMap kept = new ConfigMap();
    kept.setMetadata(meta);
    kept.setData(null); // fabric8 starts with an empty map; null says "not kept" to the matcher
    kept.setImmutable(map.getImmutable());
    return kept;
  }

  /**
   * Server-side apply's field owners, often the largest part of a pod's metadata on a real cluster
   * (the kubelet's status writes add theirs). The operator never reads them, and an update that
   * sends none, or an empty list, leaves the server's as they are, so that clients unaware of them
   * never strip them (kubernetes.io, "Server-Side Apply", "Clearing managedFields";
   * kubernetes/kubernetes#91748). A copy: the watched object's metadata is the event's too.
   */
  private static ObjectMeta withoutManagedFields(ObjectMeta meta) {
    return meta == null || meta.getManagedFields() == null || meta.getManagedFields().isEmpty()
        ? meta
        : new ObjectMetaBuilder(meta).withManagedFields(new ArrayList<>()).build();
  }

  private static List<Container> containers(List<Container> given) {
    if (given == null) {
      return new ArrayList<>();
    }
    List<Container> kept = new ArrayList<>(given.size());
    for (Container c : given) {
      Container k = new Container();
      k.setName(c.getName());
      k.setImage(c.getImage());
      k.setResources(c.getResources());
      k.setPorts(c.getPorts()); // the activity listener's named port (SessionActivity)
      kept.add(k);
    }
    return kept;
  }
}
