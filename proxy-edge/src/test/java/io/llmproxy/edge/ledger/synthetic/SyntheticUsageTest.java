package io.llmproxy.edge.ledger.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Synthetic usage is repeatable, realistic in shape, and costed exactly as the ledger would. */
class SyntheticUsageTest {

  private static final Instant END = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofDays(7);
  private static final Map<String, ModelPrice> PRICES =
      Map.of(
          "gpt-4o-mini", price("gpt-4o-mini", "0.15", "0.6", "0.075"),
          "gpt-4o", price("gpt-4o", "2.5", "10", "1.25"),
          "claude-sonnet-4-5", price("claude-sonnet-4-5", "3", "15", "0.3"),
          "gemini-2.0-flash-lite", price("gemini-2.0-flash-lite", "0.075", "0.3", "0.01875"),
          "text-embedding-3-small", price("text-embedding-3-small", "0.02", "0", null));

  @Test
  void theSameSettingsGiveTheSameEntriesAndAnotherSeedOthers() {
    assertThat(generate(500, 40, 5, 7)).isEqualTo(generate(500, 40, 5, 7));
    assertThat(generate(500, 40, 5, 8)).isNotEqualTo(generate(500, 40, 5, 7));
  }

  @Test
  void givesExactlyTheEntriesAskedForInTimeOrderWithinThePeriod() {
    for (long entries : new long[] {1, 2, 3, 997}) {
      List<UsageRecorded> all = generate(entries, 20, 3, 11);
      assertThat(all).as("%d entries", entries).hasSize((int) entries);
      assertThat(all.get(0).occurredAt()).isEqualTo(END.minus(PERIOD));
      for (int i = 1; i < all.size(); i++) {
        assertThat(all.get(i).occurredAt()).isAfterOrEqualTo(all.get(i - 1).occurredAt());
      }
      assertThat(all.get(all.size() - 1).occurredAt()).isBefore(END.plusSeconds(1));
    }
  }

  @Test
  void everyEntryIsCostedAtItsModelsPriceOrNotAtAllWhenUnpriced() {
    for (UsageRecorded entry : generate(3_000, 50, 5, 3)) {
      ModelPrice price = PRICES.get(entry.upstreamModel());
      if (price == null) {
        assertThat(entry.upstreamModel()).isEqualTo("llama3.1:8b");
        assertThat(entry.cost()).isNull();
        assertThat(entry.priceVersion()).isNull();
      } else {
        assertThat(entry.cost()).isEqualByComparingTo(price.costOf(entry.usage()));
        assertThat(entry.priceVersion()).isEqualTo(entry.upstreamModel() + "#1");
      }
      TokenUsage usage = entry.usage();
      assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
      assertThat(usage.cachedTokens()).isBetween(0L, usage.promptTokens());
    }
  }

  @Test
  void hasSkewedKeysTeamsFailuresCancellationsAndRetries() {
    List<UsageRecorded> all = generate(20_000, 100, 10, 5);
    Map<String, Integer> byKey = new HashMap<>();
    all.forEach(entry -> byKey.merge(entry.keyId(), 1, Integer::sum));
    Map<UsageOutcome, Integer> byOutcome = new HashMap<>();
    all.forEach(entry -> byOutcome.merge(entry.outcome(), 1, Integer::sum));

    assertThat(byKey.keySet()).allMatch(id -> id.matches("synth\\d{7}"));
    assertThat(byKey.size()).isBetween(90, 100);
    // the busiest key (rank 0) makes about 1/H(100) ≈ 19 % of the calls, the 100th about 0.2 %
    assertThat(byKey.get("synth0000000")).isBetween(3_000, 4_800);
    assertThat(byKey.getOrDefault("synth0000099", 0)).isLessThan(200);
    assertThat(all.stream().map(UsageRecorded::teamId).filter(t -> t != null).distinct())
        .allMatch(team -> team.matches("team_synth00\\d"))
        .hasSizeBetween(5, 10);
    assertThat(all).anyMatch(entry -> entry.teamId() == null);
    assertThat(byOutcome.get(UsageOutcome.UPSTREAM_ERROR)).isBetween(800, 1_300);
    assertThat(byOutcome.get(UsageOutcome.CLIENT_CANCELLED)).isBetween(120, 300);
    assertThat(all).anyMatch(entry -> entry.endpoint().equals("embeddings"));
    assertThat(all).anyMatch(UsageRecorded::streamed);
    for (int i = 0; i < all.size(); i++) {
      UsageRecorded entry = all.get(i);
      if (entry.retried()) {
        UsageRecorded next = all.get(i + 1);
        assertThat(entry.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
        assertThat(entry.attempt()).isEqualTo(1);
        assertThat(next.requestId()).isEqualTo(entry.requestId());
        assertThat(next.attempt()).isEqualTo(2);
        assertThat(next.outcome()).isEqualTo(UsageOutcome.SUCCESS);
        assertThat(next.occurredAt()).isEqualTo(entry.occurredAt().plusMillis(300));
      }
      if (entry.outcome() == UsageOutcome.CLIENT_CANCELLED) {
        assertThat(entry.estimated()).isTrue();
        assertThat(entry.streamed()).isTrue();
      }
      if (entry.endpoint().equals("embeddings")) {
        assertThat(entry.usage().completionTokens()).isZero();
        assertThat(entry.streamed()).isFalse();
      }
      assertThat(entry.streamed()).isEqualTo(entry.timeToFirstTokenMillis() != null);
    }
    assertThat(all.stream().filter(UsageRecorded::retried).count()).isBetween(400L, 800L);
  }

  @Test
  void withoutTeamsNoKeyIsInOne() {
    assertThat(generate(300, 10, 0, 1)).allMatch(entry -> entry.teamId() == null);
  }

  @Test
  void settingsMustAskForSomething() {
    for (Runnable bad :
        List.<Runnable>of(
            () -> new SyntheticUsageSettings(0, 1, 0, PERIOD, END, 1),
            () -> new SyntheticUsageSettings(1, 0, 0, PERIOD, END, 1),
            () -> new SyntheticUsageSettings(1, 1, -1, PERIOD, END, 1),
            () -> new SyntheticUsageSettings(1, 1, 0, Duration.ZERO, END, 1),
            () -> new SyntheticUsageSettings(1, 1, 0, Duration.ofSeconds(-1), END, 1))) {
      assertThatThrownBy(bad::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "synthetic usage needs entries and keys >= 1, teams >= 0 and a positive period");
    }
    assertThat(new SyntheticUsageSettings(1, 1, 0, Duration.ofNanos(1), END, 1).entries())
        .isEqualTo(1);
  }

  private static List<UsageRecorded> generate(long entries, int keys, int teams, long seed) {
    List<UsageRecorded> all = new ArrayList<>();
    new SyntheticUsage(new SyntheticUsageSettings(entries, keys, teams, PERIOD, END, seed))
        .generate(all::add);
    return all;
  }

  private static ModelPrice price(String model, String in, String out, String cached) {
    return new ModelPrice(
        model,
        new BigDecimal(in),
        new BigDecimal(out),
        cached == null ? null : new BigDecimal(cached),
        null);
  }
}
