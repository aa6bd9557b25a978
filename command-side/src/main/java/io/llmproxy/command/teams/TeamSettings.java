package io.llmproxy.command.teams;

import static io.llmproxy.command.web.Requests.requireText;

import io.llmproxy.command.web.BudgetBody;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.teams.TeamAttributes;

/**
 * A team's settings as the admin API reads and writes them.
 *
 * @param limits caps on all the team's keys together
 * @param keyLimits limits of each member key that has none of its own
 */
public record TeamSettings(
    String name, RateLimits limits, RateLimits keyLimits, BudgetBody budget) {

  static final int MAX_NAME = 200;

  static TeamSettings of(TeamAttributes attributes) {
    return new TeamSettings(
        attributes.name(),
        attributes.limits(),
        attributes.keyLimits(),
        BudgetBody.of(attributes.budget()));
  }

  TeamAttributes toAttributes() {
    return new TeamAttributes(
        requireText(name, "name", MAX_NAME),
        limits,
        keyLimits,
        budget == null ? null : budget.toBudget());
  }
}
