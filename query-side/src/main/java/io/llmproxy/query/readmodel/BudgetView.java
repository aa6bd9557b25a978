package io.llmproxy.query.readmodel;

import io.llmproxy.kernel.budget.Budget;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * A budget as the API shows it, in the shape the admin API accepts: exact decimal limit, period in
 * lower case.
 */
public record BudgetView(BigDecimal limitUsd, String period, Integer alertAtPercent) {

  public static String period(Budget budget) {
    return budget == null ? null : budget.period().name().toLowerCase(Locale.ROOT);
  }

  /** The limit as stored: plain decimal text, never an exponent. */
  public static String limit(Budget budget) {
    return budget == null ? null : budget.limitUsd().toPlainString();
  }

  /** From the stored columns; null when the row has no budget. */
  public static BudgetView of(String limitUsd, String period, Integer alertAtPercent) {
    return limitUsd == null
        ? null
        : new BudgetView(new BigDecimal(limitUsd), period, alertAtPercent);
  }
}
