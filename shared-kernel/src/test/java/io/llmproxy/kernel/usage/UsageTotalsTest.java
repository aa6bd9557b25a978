package io.llmproxy.kernel.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageTotalsTest {

  @Test
  void aPricedFinalAttemptIsOneRequestWithItsTokensAndCost() {
    var entry = entry(new BigDecimal("0.0000125"), false);
    assertThat(UsageTotals.of(entry))
        .isEqualTo(new UsageTotals(1, 100, 7, 107, 30, 20, new BigDecimal("0.0000125"), 0));
  }

  @Test
  void aRetriedAttemptAddsItsTokensButNoRequest() {
    assertThat(UsageTotals.of(entry(BigDecimal.ONE, true)).requests()).isZero();
  }

  @Test
  void anUnpricedEntryCostsNothingAndIsCountedAsUnpriced() {
    var totals = UsageTotals.of(entry(null, false));
    assertThat(totals.cost()).isEqualByComparingTo("0");
    assertThat(totals.unpricedEntries()).isEqualTo(1);
  }

  @Test
  void plusAddsEveryFieldExactly() {
    var a = new UsageTotals(1, 2, 3, 4, 5, 6, new BigDecimal("0.1"), 7);
    var b = new UsageTotals(10, 20, 30, 40, 50, 60, new BigDecimal("0.0000000002"), 70);
    assertThat(a.plus(b))
        .isEqualTo(new UsageTotals(11, 22, 33, 44, 55, 66, new BigDecimal("0.1000000002"), 77));
  }

  @Test
  void countsOverflowLoudly() {
    var huge = new UsageTotals(Long.MAX_VALUE, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0);
    var one = new UsageTotals(1, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0);
    assertThatThrownBy(() -> huge.plus(one)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void aTotalWithoutACostIsRefused() {
    assertThatThrownBy(() -> new UsageTotals(0, 0, 0, 0, 0, 0, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static UsageRecorded entry(BigDecimal cost, boolean retried) {
    return new UsageRecorded(
        "req-1",
        "key-1",
        "fast",
        "openai",
        "gpt-4o-mini",
        new TokenUsage(100, 7, 107, 30, 20),
        false,
        UsageOutcome.SUCCESS,
        12,
        Instant.parse("2026-01-01T00:00:00Z"),
        "chat.completions",
        false,
        null,
        cost,
        "v1",
        "team-1",
        1,
        retried);
  }
}
