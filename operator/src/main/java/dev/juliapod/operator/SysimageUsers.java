package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which JuliaPods use which JuliaSysimage, derived rather than stored on the shared object
 * (docs/design.md, "Sharing"): joining a sysimage writes nothing to it. Two sources, both read
 * without a request: what each JuliaPod's reconcile said it uses in this process (recorded before
 * it reads the sysimage, so a sysimage event that arrives before the JuliaPod's own status write
 * still reaches it), and, for JuliaPods not reconciled in this process yet, status.sysimage in the
 * JuliaPod controller's cache through an informer index (what survives a restart). The
 * JuliaSysimage controller is woken through {@link #events()} when a sysimage gains or loses a
 * user, and nothing else.
 */
final class SysimageUsers {
  static final String INDEX = "status-sysimage";

  /** The JuliaPods the informer holds, by namespace/name: see {@link #of}. */
  static final String LISTED = "listed";

  /** What a JuliaPod said when it uses no sysimage (a prebuilt image). */
  private static final ResourceID NONE = new ResourceID("", "");

  /** JuliaPod → the sysimage it said it uses (or NONE), and the reverse. */
  private final Map<ResourceID, ResourceID> using = new HashMap<>();

  private final Map<ResourceID, Set<ResourceID>> users = new HashMap<>();
  private final SimpleInboundEventSource<JuliaSysimage> wake =
      new SimpleInboundEventSource<>("sysimage-users");
  private volatile IndexerResourceCache<JuliaPod> juliaPods;
  private volatile java.util.function.Predicate<ResourceID> wakeForNewUser = id -> true;

  /** The JuliaPod controller's primary cache, indexed by the sysimage its status names. */
  void bind(IndexerResourceCache<JuliaPod> cache) {
    cache.addIndexer(INDEX, pod -> named(pod).map(SysimageUsers::key).stream().toList());
    cache.addIndexer(LISTED, pod -> List.of(key(ResourceID.fromResource(pod))));
    this.juliaPods = cache;
  }

  /**
   * Which sysimages a user beyond the first should wake (the JuliaSysimage controller's say: a
   * registry look that is due). Its first user and a user leaving always wake it.
   */
  void wakeForNewUser(java.util.function.Predicate<ResourceID> which) {
    this.wakeForNewUser = which;
  }

  /** For the JuliaSysimage controller: an event per sysimage whose users changed. */
  SimpleInboundEventSource<JuliaSysimage> events() {
    return wake;
  }

  /**
   * The sysimage a JuliaPod's status names: in its own namespace, or in the build namespace the
   * status names (central builds; docs/design.md, "Central builds").
   */
  static java.util.Optional<ResourceID> named(JuliaPod pod) {
    var status = pod.getStatus();
    if (status == null || status.sysimage == null) {
      return java.util.Optional.empty();
    }
    String namespace =
        status.sysimageNamespace != null
            ? status.sysimageNamespace
            : pod.getMetadata().getNamespace();
    return java.util.Optional.of(new ResourceID(status.sysimage, namespace));
  }

  /**
   * Records that {@code pod} uses {@code sysimage} from now on (null: none). Call it before reading
   * the sysimage from the cache.
   */
  void use(JuliaPod pod, ResourceID sysimage) {
    record(ResourceID.fromResource(pod), sysimage == null ? NONE : sysimage);
  }

  /** A JuliaPod was deleted: the sysimage it used (by either source) may have no user left. */
  void gone(JuliaPod pod) {
    record(ResourceID.fromResource(pod), null);
    named(pod).ifPresent(wake::propagateEvent);
  }

  /**
   * @param now the sysimage, NONE, or null for a JuliaPod that is gone
   */
  private void record(ResourceID pod, ResourceID now) {
    ResourceID before;
    boolean first = false;
    synchronized (this) {
      before = now == null ? using.remove(pod) : using.put(pod, now);
      if (Objects.equals(before, now)) {
        return;
      }
      if (before != null) {
        forget(before, pod);
      }
      if (now != null && now != NONE) {
        Set<ResourceID> set = users.computeIfAbsent(now, k -> new HashSet<>());
        set.add(pod);
        first = set.size() == 1;
      }
    }
    if (before != null && before != NONE) {
      wake.propagateEvent(before);
    }
    if (now != null && now != NONE && (first || wakeForNewUser.test(now))) {
      wake.propagateEvent(now);
    }
  }

  /** The JuliaPods that use the sysimage, oldest first (the first one's build settings count). */
  List<JuliaPod> of(ResourceID sysimage) {
    IndexerResourceCache<JuliaPod> cache = juliaPods;
    Map<ResourceID, JuliaPod> found = new LinkedHashMap<>();
    if (cache != null) {
      for (JuliaPod pod : cache.byIndex(INDEX, key(sysimage))) {
        ResourceID id = ResourceID.fromResource(pod);
        ResourceID said;
        synchronized (this) {
          said = using.get(id);
        }
        // What a reconcile in this process said is newer than the status it has yet to write.
        if (said == null || said.equals(sysimage)) {
          found.put(id, pod);
        }
      }
    }
    Set<ResourceID> recorded;
    synchronized (this) {
      recorded = new HashSet<>(users.getOrDefault(sysimage, Set.of()));
    }
    for (ResourceID id : recorded) {
      if (found.containsKey(id)) {
        continue; // the status index answers from the informer's store already
      }
      // The informer's own store, not get(): get() also answers from java-operator-sdk's
      // temporary cache of the controller's own writes, which can hold a JuliaPod whose status
      // write answered after its delete event (TemporaryResourceCache.putResource), for good.
      List<JuliaPod> listed = cache == null ? List.of() : cache.byIndex(LISTED, key(id));
      if (!listed.isEmpty()) {
        found.putIfAbsent(id, listed.get(0));
      } else {
        synchronized (this) { // deleted while its delete event was on the way: not a user
          if (sysimage.equals(using.get(id))) {
            using.remove(id);
            forget(sysimage, id);
          }
        }
      }
    }
    return found.values().stream()
        .sorted(
            java.util.Comparator.comparing(
                    (JuliaPod p) ->
                        Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(p -> p.getMetadata().getUid()))
        .toList();
  }

  /**
   * Whether the JuliaPod cache has been listed, so "no user" can be believed: until then, after a
   * start, every sysimage would look unused.
   */
  boolean known() {
    IndexerResourceCache<JuliaPod> cache = juliaPods;
    if (cache instanceof ManagedInformerEventSource<?, ?, ?> informers) {
      return informers.informerHealthIndicators().values().stream()
          .allMatch(InformerHealthIndicator::hasSynced);
    }
    return cache != null;
  }

  private void forget(ResourceID sysimage, ResourceID pod) {
    Set<ResourceID> set = users.get(sysimage);
    if (set != null && set.remove(pod) && set.isEmpty()) {
      users.remove(sysimage);
    }
  }

  /** namespace/name, the key of both indexes and of RegistryCheck's memory. */
  static String key(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }
}
