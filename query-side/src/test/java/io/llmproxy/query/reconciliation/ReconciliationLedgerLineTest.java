package io.llmproxy.query.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReconciliationLedgerLineTest {

  private static final Instant LATE = Instant.parse("2026-01-01T23:59:59.900Z");

  @Test
  void aSuccessCountsAsARequestWithAllItsTokensOnItsUtcDay() {
    LedgerLine line =
        LedgerLine.of(
            entry(UsageOutcome.SUCCESS, new TokenUsage(1221, 7, 1228, 1000, 200), false, "0.0042"));

    assertThat(line.day()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(line.model()).isEqualTo("claude-sonnet-4-5");
    assertThat(line.figures())
        .isEqualTo(new Figures(1, 1221, 7, 1000, 200, new BigDecimal("0.0042")));
    assertThat(line.unpricedEntries()).isZero();
  }

  @Test
  void anAttemptTheProviderRefusedIsNoRequestOfItsOwn() {
    LedgerLine refused = LedgerLine.of(entry(UsageOutcome.UPSTREAM_ERROR, TokenUsage.NONE, true));

    assertThat(refused.figures().isZero()).isTrue();
    assertThat(refused.entries()).isEqualTo(1);
  }

  @Test
  void aStreamThatBrokeOrWasCancelledAfterConsumingTokensIsARequest() {
    LedgerLine broken =
        LedgerLine.of(entry(UsageOutcome.UPSTREAM_ERROR, TokenUsage.of(17, 3), false));
    LedgerLine cancelled =
        LedgerLine.of(entry(UsageOutcome.CLIENT_CANCELLED, TokenUsage.of(17, 0), false));

    assertThat(broken.figures().requests()).isEqualTo(1);
    assertThat(cancelled.figures().requests()).isEqualTo(1);
    assertThat(cancelled.estimatedEntries()).isEqualTo(1);
    assertThat(cancelled.unpricedEntries()).isEqualTo(1);
  }

  private static UsageRecorded entry(UsageOutcome outcome, TokenUsage usage, boolean retried) {
    return entry(outcome, usage, retried, null);
  }

  private static UsageRecorded entry(
      UsageOutcome outcome, TokenUsage usage, boolean retried, String cost) {
    return new UsageRecorded(
        "req-1",
        "k1",
        "sonnet",
        "claude",
        "claude-sonnet-4-5",
        usage,
        outcome == UsageOutcome.CLIENT_CANCELLED,
        outcome,
        120,
        LATE,
        "chat.completions",
        false,
        null,
        cost == null ? null : new BigDecimal(cost),
        cost == null ? null : "v1",
        null,
        1,
        retried);
  }
}
