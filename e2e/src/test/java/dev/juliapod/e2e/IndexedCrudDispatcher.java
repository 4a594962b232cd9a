package dev.juliapod.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * fabric8's CRUD mock, finding one named object by its key instead of walking every stored object.
 *
 * <p>The plain mock (fabric8 v7.5.2, {@code KubernetesCrudDispatcher}) answers a create, an update,
 * a patch and a get of one object by matching the request's attributes against every object it
 * holds ({@code findResource}, {@code handle}), creates and updates under one write lock. With the
 * scale bench's thousands of objects that walk was 55% of the bench JVM's CPU in a JFR profile of
 * {@code bin/bench scale --rate=50} (BENCHMARKS.md, eighth round), so at 50 JuliaPods a second the
 * mock, not the operator, set the pace. The API server reads an object by its key. Here the stored
 * objects are also indexed by resource, namespace and name, and a request that names all three (as
 * every create, update, patch and get of one namespaced object does) is answered from the index,
 * with the same answer the walk gives: the first stored object, in the mock's own order, whose
 * attributes match the request's. Anything else (lists, cluster-wide or cluster-scoped names,
 * wildcards, deletes, watches) goes to the plain mock as before.
 *
 * <p>The index follows every write through {@link #processEvent}, which the mock's create, update,
 * patch and delete handlers all go through ({@code crud/PostHandler}, {@code PutHandler}, {@code
 * PatchHandler}, {@code processDelete}). The mock's own lock is private, so this class takes a lock
 * of its own around each request, in the same modes (writes exclusive, gets shared), before the
 * mock takes its: no get sees the index between a write's removal and its insertion.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  private final StoredKeys index = new StoredKeys();

  private int keysFoundByScan;

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    return locked(lock.writeLock(), () -> super.handleCreate(request));
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    return locked(lock.writeLock(), () -> super.handleUpdate(request));
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    return locked(lock.writeLock(), () -> super.handlePatch(request));
  }

  @Override
  public MockResponse handleDelete(String path) {
    return locked(lock.writeLock(), () -> super.handleDelete(path));
  }

  @Override
  public void reset() {
    locked(
        lock.writeLock(),
        () -> {
          super.reset();
          index.clear();
          return null;
        });
  }

  @Override
  public MockResponse handleGet(String path) {
    return locked(
        lock.readLock(),
        () -> {
          AttributeSet query = watch(path) ? null : attributeExtractor.fromPath(path);
          StoredKeys.Id id = query == null ? null : StoredKeys.Id.of(query);
          if (id == null || id.namespace().isEmpty()) {
            return super.handleGet(path);
          }
          // As the plain mock answers a get that names one object (KubernetesCrudDispatcher.handle)
          Map.Entry<AttributeSet, String> found = first(id, query);
          return found == null
              ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
              : new MockResponse()
                  .setResponseCode(HttpURLConnection.HTTP_OK)
                  .setBody(found.getValue());
        });
  }

  /** Called by the mock's handlers with the write lock held. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    if (StoredKeys.unnamed(attributes)) {
      return null; // a create with generateName: no stored object lacks a name
    }
    StoredKeys.Id id = StoredKeys.Id.of(attributes);
    if (id == null || id.namespace().isEmpty()) {
      return super.findResource(attributes); // a name in any namespace: the walk decides
    }
    return first(id, attributes);
  }

  /** Called by the mock's handlers with the write lock held. */
  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    try {
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    } finally {
      // The mock changes its map first (its first statement removes the old key), then tells the
      // watches, and telling one that is closing throws: WatchEventsListener shuts its executor
      // down before it leaves the set. The index follows the map either way.
      if (oldAttributes != null) {
        index.remove(oldAttributes);
      }
      AttributeSet stored = newState == null ? null : storedKey(pathAttributes, resource, newState);
      if (stored != null) {
        index.add(stored);
      }
    }
  }

  /**
   * Whether the index holds exactly the stored objects' keys, each Id's in the map's order, and
   * every key was worked out as the mock works it out; for tests.
   */
  boolean consistent() {
    return locked(
        lock.readLock(),
        () -> {
          synchronized (map) {
            return keysFoundByScan == 0 && index.same(map.keySet());
          }
        });
  }

  private Map.Entry<AttributeSet, String> first(StoredKeys.Id id, AttributeSet query) {
    for (AttributeSet key : index.named(id)) {
      String value = map.get(key);
      if (value != null && key.matches(query)) {
        return Map.entry(key, value);
      }
    }
    return null;
  }

  /**
   * The key the mock stored {@code newState} under: worked out as {@code processEvent} does, and if
   * that ever differs from what the map holds, looked up by the stored text itself (counted: {@link
   * #consistent} fails then); null if the mock did not store it.
   */
  private AttributeSet storedKey(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet key =
        resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    if (!key.containsKey(KubernetesAttributesExtractor.PLURAL)) {
      key = AttributeSet.merge(pathAttributes, key);
    }
    if (map.get(key) == newState) {
      return key;
    }
    synchronized (map) {
      for (Map.Entry<AttributeSet, String> entry : map.entrySet()) {
        if (entry.getValue() == newState) {
          keysFoundByScan++;
          return entry.getKey();
        }
      }
    }
    return null;
  }

  /** Whether the plain mock serves this get as a watch ({@code detectWatchMode}). */
  private static boolean watch(String path) {
    try {
      String query = new URI(path).getQuery();
      return query != null && query.contains("watch=true");
    } catch (java.net.URISyntaxException notAUri) {
      return false;
    }
  }

  private static <T> T locked(Lock lock, Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
