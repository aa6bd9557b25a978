package io.llmproxy.edge.ratelimit;

/**
 * A bucket of {@code capacity} units refilled continuously at {@code capacity} per minute. Taking a
 * request's unit fails when the bucket is empty; consuming tokens after the fact may drive it below
 * zero (a debt), because a request's token count is known only when it has ended.
 */
final class TokenBucket {

  private static final long NANOS_PER_MINUTE = 60_000_000_000L;

  private final long capacity;
  private double level;
  private long updatedAt;

  TokenBucket(long capacity, long now) {
    this.capacity = capacity;
    this.level = capacity;
    this.updatedAt = now;
  }

  /** A bucket for a per-minute limit, or null when the limit is absent (nothing to enforce). */
  static TokenBucket perMinute(Long limit, long now) {
    return limit == null ? null : new TokenBucket(limit, now);
  }

  long capacity() {
    return capacity;
  }

  /** Takes one unit if at least one is there. */
  synchronized boolean tryTake(long now) {
    refill(now);
    if (level < 1) {
      return false;
    }
    level -= 1;
    return true;
  }

  /** Whether anything is left, without taking it: a token budget admits while it is positive. */
  synchronized boolean hasAny(long now) {
    refill(now);
    return level > 0;
  }

  synchronized void consume(long units, long now) {
    refill(now);
    level -= units;
  }

  synchronized long remaining(long now) {
    refill(now);
    return Math.max(0, (long) Math.floor(level));
  }

  /** Nanoseconds until the bucket holds {@code units} again (0 if it does). */
  synchronized long nanosUntil(double units, long now) {
    refill(now);
    double missing = units - level;
    return missing <= 0 ? 0 : (long) Math.ceil(missing * NANOS_PER_MINUTE / capacity);
  }

  /** Nanoseconds until the bucket is full again. */
  synchronized long nanosUntilFull(long now) {
    return nanosUntil(capacity, now);
  }

  private void refill(long now) {
    long elapsed = now - updatedAt;
    if (elapsed > 0) {
      level = Math.min(capacity, level + (double) elapsed * capacity / NANOS_PER_MINUTE);
      updatedAt = now;
    }
  }
}
