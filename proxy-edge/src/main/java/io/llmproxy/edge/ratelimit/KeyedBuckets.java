package io.llmproxy.edge.ratelimit;

import java.util.function.LongSupplier;

/**
 * One token bucket per key (a client address, say), each holding {@code perMinute} units. The
 * number of keys is bounded, since an attacker who invents keys would otherwise fill the heap; when
 * the table is full the least recently used bucket is forgotten, so a new key is never refused for
 * lack of room (forgetting a bucket only gives its key a full one again).
 */
public final class KeyedBuckets {

  private final long perMinute;
  private final LongSupplier nanoTime;
  private final LruTable<TokenBucket> buckets;

  public KeyedBuckets(long perMinute, int maxKeys, LongSupplier nanoTime) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("a limit must be positive");
    }
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
    this.buckets = new LruTable<>(maxKeys);
  }

  /** Takes one unit from {@code key}'s bucket: 0 if taken, else nanoseconds until one is there. */
  public long tryTake(String key) {
    long now = nanoTime.getAsLong();
    return buckets.apply(
        key,
        () -> new TokenBucket(perMinute, now),
        bucket -> bucket.tryTake(now) ? 0 : Math.max(1, bucket.nanosUntil(1, now)));
  }

  /** Keys remembered now: never more than the table size. */
  public int size() {
    return buckets.size();
  }
}
