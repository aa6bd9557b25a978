package io.llmproxy.edge.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a user name, a client address), each holding {@code perMinute} units.
 * The number of keys is bounded: an attacker who invents names or addresses would otherwise fill
 * the heap. Buckets that have refilled completely carry no information and are dropped when room is
 * needed; when every tracked key is still being limited, a new key is refused until room frees up,
 * so flooding the table cannot buy unthrottled attempts.
 */
public final class KeyedBuckets {

  private static final long NANOS_PER_MINUTE = 60_000_000_000L;

  private final long perMinute;
  private final int maxKeys;
  private final LongSupplier nanoTime;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public KeyedBuckets(long perMinute, int maxKeys, LongSupplier nanoTime) {
    if (perMinute < 1 || maxKeys < 1) {
      throw new IllegalArgumentException("a limit and a table size must be positive");
    }
    this.perMinute = perMinute;
    this.maxKeys = maxKeys;
    this.nanoTime = nanoTime;
  }

  /** Takes one unit from {@code key}'s bucket: 0 if taken, else nanoseconds until one is there. */
  public long tryTake(String key) {
    long now = nanoTime.getAsLong();
    if (!buckets.containsKey(key) && buckets.size() >= maxKeys) {
      dropRefilled(now);
      if (buckets.size() >= maxKeys) {
        return NANOS_PER_MINUTE / perMinute;
      }
    }
    long[] wait = new long[1];
    buckets.compute(
        key,
        (k, bucket) -> {
          TokenBucket current = bucket == null ? new TokenBucket(perMinute, now) : bucket;
          wait[0] = current.tryTake(now) ? 0 : Math.max(1, current.nanosUntil(1, now));
          return current;
        });
    return wait[0];
  }

  /** Forgets what {@code key} used, e.g. a user's failed attempts once they got in. */
  public void forget(String key) {
    buckets.remove(key);
  }

  int size() {
    return buckets.size();
  }

  private void dropRefilled(long now) {
    for (String key : buckets.keySet()) {
      // per key and atomic, so a unit taken concurrently is never dropped with its bucket
      buckets.computeIfPresent(key, (k, bucket) -> bucket.nanosUntilFull(now) == 0 ? null : bucket);
    }
  }
}
