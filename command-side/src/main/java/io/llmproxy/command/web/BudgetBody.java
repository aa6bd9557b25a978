package io.llmproxy.command.web;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import java.math.BigDecimal;
import java.util.Locale;

/** A budget as the admin API writes it: the period in lower case, the limit as an exact decimal. */
public record BudgetBody(BigDecimal limitUsd, String period, Integer alertAtPercent) {

  public static BudgetBody of(Budget budget) {
    return budget == null
        ? null
        : new BudgetBody(
            budget.limitUsd(),
            budget.period().name().toLowerCase(Locale.ROOT),
            budget.alertAtPercent());
  }

  public Budget toBudget() {
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
