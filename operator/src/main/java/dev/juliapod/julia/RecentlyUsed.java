package dev.juliapod.julia;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.ToLongFunction;

/**
 * What was worked out from some text, kept for the next time the same text comes: the most recently
 * used entries up to a count and a total weight (the characters of text they stand for), least
 * recently used first out. Values must be immutable: every caller with the same key gets the same
 * one. Safe for concurrent use; the work itself is done outside the lock, so two threads with the
 * same new key may both do it (the second answer replaces the first, equal to it).
 */
public final class RecentlyUsed<K, V> {
  private final int maxEntries;
  private final long maxWeight;
  private final ToLongFunction<K> weight;
  private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long total;

  public RecentlyUsed(int maxEntries, long maxWeight, ToLongFunction<K> weight) {
    this.maxEntries = maxEntries;
    this.maxWeight = maxWeight;
    this.weight = weight;
  }

  /** What the work gives, or may throw; null is an answer not kept. */
  @FunctionalInterface
  public interface Work<V, E extends Exception> {
    V get() throws E;
  }

  /** The value kept for the key, or what the work gives now (kept unless null). */
  public <E extends Exception> V get(K key, Work<V, E> work) throws E {
    V kept = get(key);
    if (kept != null) {
      return kept;
    }
    V made = work.get(); // outside the lock: work on other keys goes on meanwhile
    if (made != null) {
      put(key, made);
    }
    return made;
  }

  /** The value kept for the key, or null. */
  public synchronized V get(K key) {
    return entries.get(key);
  }

  /** Keeps the value, dropping the least recently used entries beyond the bounds. */
  public synchronized void put(K key, V value) {
    if (entries.put(key, value) == null) {
      total += weight.applyAsLong(key);
    }
    for (Iterator<K> it = entries.keySet().iterator();
        (total > maxWeight || entries.size() > maxEntries) && it.hasNext(); ) {
      total -= weight.applyAsLong(it.next());
      it.remove();
    }
  }

  public synchronized int size() {
    return entries.size();
  }
}
