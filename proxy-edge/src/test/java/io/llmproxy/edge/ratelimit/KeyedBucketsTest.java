package io.llmproxy.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyedBucketsTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(7 * SECOND);

  @Test
  void eachKeyHasItsOwnBudget() {
    KeyedBuckets buckets = new KeyedBuckets(2, 100, now::get);
    assertThat(buckets.tryTake("a")).isZero();
    assertThat(buckets.tryTake("a")).isZero();
    assertThat(buckets.tryTake("a")).isEqualTo(30 * SECOND);
    assertThat(buckets.tryTake("b")).isZero();
    buckets.forget("a");
    assertThat(buckets.tryTake("a")).isZero();
  }

  @Test
  void refilledBucketsMakeRoomForNewKeys() {
    KeyedBuckets buckets = new KeyedBuckets(6, 2, now::get);
    buckets.tryTake("a");
    buckets.tryTake("b");
    now.addAndGet(10 * SECOND);
    assertThat(buckets.tryTake("c")).isZero();
    assertThat(buckets.size()).isEqualTo(1);
  }

  @Test
  void aTableFullOfKeysStillBeingLimitedRefusesNewOnesButServesItsOwn() {
    KeyedBuckets buckets = new KeyedBuckets(6, 2, now::get);
    buckets.tryTake("a");
    buckets.tryTake("b");
    assertThat(buckets.tryTake("c")).isEqualTo(10 * SECOND);
    assertThat(buckets.tryTake("a")).isZero();
    assertThat(buckets.size()).isEqualTo(2);
  }
}
