package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One scope's spend and reservations: the check-and-reserve arithmetic and the soft threshold. */
class SpendTrackerTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final Instant NOW = Instant.parse("2026-03-04T15:00:00Z");
  private static final Instant TODAY = Instant.parse("2026-03-04T00:00:00Z");
  private static final Instant TOMORROW = Instant.parse("2026-03-05T00:00:00Z");
  private static final Budget TEN_A_DAY = daily("10", null);

  private final List<Instant> historyReads = new ArrayList<>();

  @Test
  void startsFromTheLedgerSpendSinceThePeriodStart() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of(TODAY, usd("4.25")));

    assertThat(historyReads).containsExactly(TODAY);
    assertThat(tracker.periodStart()).isEqualTo(TODAY);
    assertThat(tracker.spent()).isEqualByComparingTo("4.25");
    assertThat(tracker.budget()).isEqualTo(TEN_A_DAY);
  }

  @Test
  void admitsUpToExactlyTheLimitAndNotACentMore() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of(TODAY, usd("4")));

    assertThat(tracker.tryReserve(TEN_A_DAY, usd("6.01"), NOW)).isFalse();
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("6"), NOW)).isTrue();
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("0.0000000001"), NOW)).isFalse();
    assertThat(tracker.tryReserve(TEN_A_DAY, BigDecimal.ZERO, NOW)).isTrue();
  }

  @Test
  void reservationsInFlightAddUp() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of());

    assertThat(tracker.tryReserve(TEN_A_DAY, usd("4"), NOW)).isTrue();
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("4"), NOW)).isTrue();
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("3"), NOW)).isFalse();
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("2"), NOW)).isTrue();
    // a refused reservation holds nothing: the spend itself is untouched
    assertThat(tracker.spent()).isEqualByComparingTo("0");
  }

  @Test
  void aReleaseGivesBackExactlyWhatWasReserved() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of());
    tracker.tryReserve(TEN_A_DAY, usd("7"), NOW);
    tracker.tryReserve(TEN_A_DAY, usd("3"), NOW);

    tracker.release(usd("3"));

    assertThat(tracker.tryReserve(TEN_A_DAY, usd("3.01"), NOW)).isFalse();
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("3"), NOW)).isTrue();
  }

  @Test
  void releasingMoreThanIsHeldCannotMakeRoomBeyondTheLimit() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of());
    tracker.tryReserve(TEN_A_DAY, usd("2"), NOW);

    tracker.release(usd("5"));

    assertThat(tracker.tryReserve(TEN_A_DAY, usd("10.01"), NOW)).isFalse();
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("10"), NOW)).isTrue();
  }

  @Test
  void recordedCostsAddToTheSpendAndLeaveLessRoom() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of(TODAY, usd("1")));

    tracker.record(usd("2.5"), NOW, NOW);
    tracker.record(usd("0.0000001"), TODAY, NOW);

    assertThat(tracker.spent()).isEqualByComparingTo("3.5000001");
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("6.5"), NOW)).isFalse();
    assertThat(tracker.tryReserve(TEN_A_DAY, usd("6.4999999"), NOW)).isTrue();
  }

  @Test
  void aCostMadeBeforeThePeriodStartIsNotThisPeriodsSpend() {
    Budget alerting = daily("10", 1);
    SpendTracker tracker = tracker(alerting, Map.of());

    assertThat(tracker.record(usd("5"), TODAY.minusNanos(1), NOW)).isFalse();

    assertThat(tracker.spent()).isEqualByComparingTo("0");
  }

  @Test
  void theThresholdAlertsOnceWhenTheSpendFirstReachesIt() {
    SpendTracker tracker = tracker(daily("10", 80), Map.of(TODAY, usd("7")));

    assertThat(tracker.record(usd("0.99"), NOW, NOW)).isFalse();
    assertThat(tracker.record(usd("0.01"), NOW, NOW)).isTrue(); // exactly 8.00
    assertThat(tracker.record(usd("1"), NOW, NOW)).isFalse();
    assertThat(tracker.spent()).isEqualByComparingTo("9");
  }

  @Test
  void withoutAThresholdNoSpendAlerts() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of());

    assertThat(tracker.record(usd("10"), NOW, NOW)).isFalse();
    assertThat(tracker.spent()).isEqualByComparingTo("10");
  }

  @Test
  void aNewPeriodStartsFromTheLedgerAgainAndMayAlertAgain() {
    Budget alerting = daily("10", 50);
    SpendTracker tracker = tracker(alerting, Map.of(TODAY, usd("9"), TOMORROW, usd("1")));
    assertThat(tracker.record(usd("0.5"), NOW, NOW)).isTrue();
    assertThat(tracker.tryReserve(alerting, usd("0.5"), NOW)).isTrue();

    Instant later = TOMORROW.plusSeconds(60);
    // yesterday's reservation of 0.5 is still in flight: 1 + 0.5 + 8.5 = 10
    assertThat(tracker.tryReserve(alerting, usd("8.5"), later)).isTrue();

    assertThat(historyReads).containsExactly(TODAY, TOMORROW);
    assertThat(tracker.periodStart()).isEqualTo(TOMORROW);
    assertThat(tracker.spent()).isEqualByComparingTo("1");
    assertThat(tracker.record(usd("4"), later, later)).isTrue();
    assertThat(tracker.spent()).isEqualByComparingTo("5");
  }

  @Test
  void aRecordedCostRollsThePeriodToo() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of(TODAY, usd("9"), TOMORROW, usd("2")));

    tracker.record(usd("1"), TOMORROW, TOMORROW);

    assertThat(tracker.periodStart()).isEqualTo(TOMORROW);
    assertThat(tracker.spent()).isEqualByComparingTo("3");
  }

  @Test
  void followsAChangedBudgetWithoutReReadingTheLedger() {
    SpendTracker tracker = tracker(TEN_A_DAY, Map.of(TODAY, usd("9")));
    Budget raised = daily("20", null);

    assertThat(tracker.tryReserve(raised, usd("11"), NOW)).isTrue();

    assertThat(tracker.budget()).isEqualTo(raised);
    assertThat(historyReads).containsExactly(TODAY);
    assertThat(tracker.tryReserve(daily("5", null), usd("0"), NOW)).isFalse();
  }

  private SpendTracker tracker(Budget budget, Map<Instant, BigDecimal> spentSince) {
    Function<Instant, BigDecimal> history =
        since -> {
          historyReads.add(since);
          return spentSince.getOrDefault(since, BigDecimal.ZERO);
        };
    return new SpendTracker(budget, UTC, NOW, history);
  }

  private static Budget daily(String limit, Integer alertAtPercent) {
    return new Budget(usd(limit), BudgetPeriod.DAILY, alertAtPercent);
  }

  private static BigDecimal usd(String amount) {
    return new BigDecimal(amount);
  }
}
