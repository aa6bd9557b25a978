package io.llmproxy.kernel.teams;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.keys.RateLimits;

/**
 * What defines a team.
 *
 * @param limits rate limits on the team's traffic as a whole, all its keys together
 * @param keyLimits limits each member key gets when it has none of its own
 * @param budget the team's spending limit, or null
 */
public record TeamAttributes(String name, RateLimits limits, RateLimits keyLimits, Budget budget) {

  public TeamAttributes {
    limits = RateLimits.orNone(limits);
    keyLimits = RateLimits.orNone(keyLimits);
  }
}
