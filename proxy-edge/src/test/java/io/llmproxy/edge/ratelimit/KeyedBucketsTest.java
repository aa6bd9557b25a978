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
    now.addAndGet(30 * SECOND);
    assertThat(buckets.tryTake("a")).isZero();
    assertThat(buckets.tryTake("a")).isEqualTo(30 * SECOND);
  }

  @Test
  void aFullTableForgetsTheLeastRecentlyUsedKeyAndServesTheNewOne() {
    KeyedBuckets buckets = new KeyedBuckets(1, 2, now::get);
    assertThat(buckets.tryTake("a")).isZero();
    assertThat(buckets.tryTake("b")).isZero();
    assertThat(buckets.tryTake("a")).isEqualTo(60 * SECOND);
    // "b" was used least recently, though after "a" was created
    assertThat(buckets.tryTake("c")).isZero();
    assertThat(buckets.size()).isEqualTo(2);
    assertThat(buckets.tryTake("a")).isEqualTo(60 * SECOND);
    assertThat(buckets.tryTake("b")).isZero();
  }
}
