package io.llmproxy.edge.budget;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriods;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Function;

/**
 * One key's or team's spend in its budget's current period, plus what admitted requests still in
 * flight may yet cost. Guarded by its own monitor: admission is a check-and-reserve that concurrent
 * requests must not interleave.
 */
final class SpendTracker {

  private final ZoneId zone;
  private final Function<Instant, BigDecimal> history;
  private Budget budget;
  private Instant periodStart;
  private BigDecimal spent;
  private BigDecimal reserved = BigDecimal.ZERO;
  private Instant alertedPeriod;

  /**
   * @param history the spend recorded since a period start, read from the ledger when the tracker
   *     starts and whenever its period starts afresh
   */
  SpendTracker(Budget budget, ZoneId zone, Instant now, Function<Instant, BigDecimal> history) {
    this.zone = zone;
    this.history = history;
    this.budget = budget;
    this.periodStart = BudgetPeriods.startOf(budget.period(), now, zone);
    this.spent = history.apply(periodStart);
  }

  /** Reserves {@code maximum} if the budget has room for it; false (and nothing held) if not. */
  synchronized boolean tryReserve(Budget current, BigDecimal maximum, Instant now) {
    roll(current, now);
    if (spent.add(reserved).add(maximum).compareTo(budget.limitUsd()) > 0) {
      return false;
    }
    reserved = reserved.add(maximum);
    return true;
  }

  synchronized void release(BigDecimal maximum) {
    reserved = reserved.subtract(maximum).max(BigDecimal.ZERO);
  }

  /**
   * Adds a recorded cost made at {@code occurredAt}; answers true once, when this spend is the
   * first to reach the soft threshold in the period.
   */
  synchronized boolean record(BigDecimal cost, Instant occurredAt, Instant now) {
    roll(budget, now);
    if (occurredAt.isBefore(periodStart)) {
      return false;
    }
    spent = spent.add(cost);
    if (budget.alertAtPercent() == null || periodStart.equals(alertedPeriod)) {
      return false;
    }
    BigDecimal threshold =
        budget.limitUsd().multiply(BigDecimal.valueOf(budget.alertAtPercent())).movePointLeft(2);
    if (spent.compareTo(threshold) >= 0) {
      alertedPeriod = periodStart;
      return true;
    }
    return false;
  }

  synchronized BigDecimal spent() {
    return spent;
  }

  synchronized Instant periodStart() {
    return periodStart;
  }

  synchronized Budget budget() {
    return budget;
  }

  /** Follows a changed budget and a new calendar period (spend starts again from the ledger). */
  private void roll(Budget current, Instant now) {
    Instant start = BudgetPeriods.startOf(current.period(), now, zone);
    boolean newPeriod = !start.equals(periodStart);
    budget = current;
    if (newPeriod) {
      periodStart = start;
      spent = history.apply(start);
    }
  }
}
