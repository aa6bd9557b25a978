package io.llmproxy.edge.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Exponential backoff per key after a few free failures: the {@code freeFailures}-th failure makes
 * the key wait {@link #FIRST_WAIT} before its next attempt, each further one twice as long as the
 * one before, up to {@code maxWait}. Failures are forgotten {@link #FORGET_AFTER} after the last
 * wait ended without another one, or when the key succeeds. At most {@code maxKeys} keys are
 * remembered; a full table forgets its least recently used key, so it can never refuse a new one.
 */
public final class FailureBackoff {

  private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  private static final Duration FORGET_AFTER = Duration.ofHours(1);

  private final int freeFailures;
  private final long maxWaitNanos;
  private final LongSupplier nanoTime;
  private final LruTable<Failures> failures;

  public FailureBackoff(int freeFailures, Duration maxWait, int maxKeys, LongSupplier nanoTime) {
    if (freeFailures < 1 || maxWait.compareTo(FIRST_WAIT) < 0) {
      throw new IllegalArgumentException(
          "free failures must be positive and the longest wait at least " + FIRST_WAIT);
    }
    this.freeFailures = freeFailures;
    this.maxWaitNanos = maxWait.toNanos();
    this.nanoTime = nanoTime;
    this.failures = new LruTable<>(maxKeys);
  }

  /**
   * Counts one failure for {@code key} and answers 0, or answers the nanoseconds it must still wait
   * and counts nothing. The failure is counted before the attempt's outcome is known, so that
   * parallel attempts cannot all slip in before the first of them has failed; {@link #succeeded}
   * takes it back.
   */
  public long tryFail(String key) {
    long now = nanoTime.getAsLong();
    return failures.apply(key, () -> new Failures(now), entry -> entry.tryFail(now));
  }

  public void succeeded(String key) {
    failures.remove(key);
  }

  /** Keys remembered now: never more than the table size. */
  public int size() {
    return failures.size();
  }

  private final class Failures {

    private int count;
    private long allowedFrom;

    Failures(long now) {
      this.allowedFrom = now;
    }

    long tryFail(long now) {
      long wait = allowedFrom - now;
      if (wait > 0) {
        return wait;
      }
      if (-wait >= FORGET_AFTER.toNanos()) {
        count = 0;
      }
      count++;
      allowedFrom = now + waitAfter(count);
      return 0;
    }

    private long waitAfter(int failures) {
      int doublings = failures - freeFailures;
      if (doublings < 0) {
        return 0;
      }
      long first = FIRST_WAIT.toNanos();
      // past this many doublings the wait would overflow; it is capped long before anyway
      return doublings >= Long.numberOfLeadingZeros(first) - 1
          ? maxWaitNanos
          : Math.min(maxWaitNanos, first << doublings);
    }
  }
}
