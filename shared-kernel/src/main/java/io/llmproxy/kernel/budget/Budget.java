package io.llmproxy.kernel.budget;

import java.math.BigDecimal;

/**
 * A spending limit in US dollars per period. {@code alertAtPercent} is the soft threshold at which
 * finance hears about it before the hard limit refuses requests.
 *
 * @param limitUsd the hard limit, exact decimal, more than zero
 * @param period when spend resets
 * @param alertAtPercent 1-100, or null for no soft threshold
 */
public record Budget(BigDecimal limitUsd, BudgetPeriod period, Integer alertAtPercent) {

  public static final int MAX_SCALE = 10;

  public Budget {
    if (limitUsd == null || limitUsd.signum() <= 0) {
      throw new IllegalArgumentException("budget.limit_usd must be more than 0");
    }
    if (limitUsd.stripTrailingZeros().scale() > MAX_SCALE) {
      throw new IllegalArgumentException(
          "budget.limit_usd may have at most " + MAX_SCALE + " decimal places");
    }
    if (period == null) {
      throw new IllegalArgumentException(
          "budget.period must be one of daily, weekly, monthly, lifetime");
    }
    if (alertAtPercent != null && (alertAtPercent < 1 || alertAtPercent > 100)) {
      throw new IllegalArgumentException("budget.alert_at_percent must be between 1 and 100");
    }
  }
}
