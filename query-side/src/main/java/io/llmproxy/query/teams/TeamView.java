package io.llmproxy.query.teams;

import io.llmproxy.query.readmodel.BudgetView;
import io.llmproxy.query.readmodel.LimitsView;
import io.llmproxy.query.readmodel.SpendView;
import java.time.Instant;

/**
 * A team as {@code /api/teams} shows it.
 *
 * @param limits caps on all the team's keys together
 * @param keyLimits limits of each member key that has none of its own
 * @param activeKeys member keys usable right now (not suspended, revoked or expired)
 * @param spend the team's spend in its budget's current period (the month without a budget)
 */
public record TeamView(
    String id,
    String name,
    LimitsView limits,
    LimitsView keyLimits,
    BudgetView budget,
    long activeKeys,
    Instant createdAt,
    Instant updatedAt,
    SpendView spend) {

  TeamView with(long count, SpendView periodSpend) {
    return new TeamView(
        id, name, limits, keyLimits, budget, count, createdAt, updatedAt, periodSpend);
  }
}
