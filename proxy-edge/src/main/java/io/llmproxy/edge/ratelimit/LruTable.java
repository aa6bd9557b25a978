package io.llmproxy.edge.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A table of at most {@code capacity} entries by key that, when full, forgets the entry used least
 * recently to make room. A new key is therefore always served: whoever fills the table with
 * invented keys only pushes out old entries, never blocks a newcomer.
 */
public final class LruTable<V> {

  private final Map<String, V> entries;

  public LruTable(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a table size must be positive");
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Runs {@code action} on {@code key}'s entry, created first if absent, and marks it as used. The
   * action runs under the table's lock, so it may read and change the entry atomically.
   */
  public synchronized <R> R apply(String key, Supplier<V> create, Function<V, R> action) {
    return action.apply(entries.computeIfAbsent(key, k -> create.get()));
  }

  public synchronized void remove(String key) {
    entries.remove(key);
  }

  public synchronized int size() {
    return entries.size();
  }
}
