package io.llmproxy.kernel.budget;

import java.util.Locale;

/** What a budget limits: one key's spend, or a team's (all its keys together). */
public enum BudgetScope {
  KEY,
  TEAM;

  /** The stream holding a scope's budget alerts, apart from every other stream's ids. */
  public String alertStreamId(String scopeId) {
    return "budget-" + name().toLowerCase(Locale.ROOT) + "-" + scopeId;
  }
}
