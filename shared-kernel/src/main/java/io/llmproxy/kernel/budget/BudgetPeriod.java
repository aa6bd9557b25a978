package io.llmproxy.kernel.budget;

/** How often a budget's spend starts again from zero; lifetime budgets never reset. */
public enum BudgetPeriod {
  DAILY,
  WEEKLY,
  MONTHLY,
  LIFETIME
}
