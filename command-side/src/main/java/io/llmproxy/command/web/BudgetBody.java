package io.llmproxy.command.web;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import java.math.BigDecimal;
import java.util.Locale;

/** A budget as the admin API writes it: the period in lower case, the limit as an exact decimal. */
public record BudgetBody(BigDecimal limitUsd, String period, Integer alertAtPercent) {

  static final BigDecimal MAX_LIMIT_USD = new BigDecimal("1000000000000");

  public static BudgetBody of(Budget budget) {
    return budget == null
        ? null
        : new BudgetBody(
            budget.limitUsd(),
            budget.period().name().toLowerCase(Locale.ROOT),
            budget.alertAtPercent());
  }

  public Budget toBudget() {
    // 1e400 and 2^63 were accepted: spend is compared against the limit and summed in reports
    // that cannot hold such numbers. Checked here, not in Budget, so that events already stored
    // with a larger limit still load.
    if (limitUsd != null && limitUsd.compareTo(MAX_LIMIT_USD) > 0) {
      throw Requests.badRequest(
          "budget.limit_usd must be at most " + MAX_LIMIT_USD.toPlainString());
    }
    try {
      return new Budget(limitUsd, period(period), alertAtPercent);
    } catch (IllegalArgumentException e) {
      throw Requests.badRequest(e.getMessage());
    }
  }

  private static BudgetPeriod period(String text) {
    if (text == null) {
      return null;
    }
    try {
      return BudgetPeriod.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
