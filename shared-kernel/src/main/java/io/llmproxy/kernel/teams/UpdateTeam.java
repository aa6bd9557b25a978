package io.llmproxy.kernel.teams;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.keys.RateLimits;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes some of a team's attributes: null stays as is, {@code cleared} goes back to none. */
public record UpdateTeam(
    @TargetAggregateIdentifier String teamId,
    String name,
    RateLimits limits,
    RateLimits keyLimits,
    Budget budget,
    Set<TeamAttribute> cleared) {

  public UpdateTeam {
    cleared = cleared == null ? Set.of() : Set.copyOf(cleared);
  }

  public TeamAttributes applyTo(TeamAttributes current) {
    return new TeamAttributes(
        name != null ? name : current.name(),
        pick(TeamAttribute.LIMITS, limits, current.limits()),
        pick(TeamAttribute.KEY_LIMITS, keyLimits, current.keyLimits()),
        pick(TeamAttribute.BUDGET, budget, current.budget()));
  }

  private <T> T pick(TeamAttribute attribute, T given, T current) {
    if (cleared.contains(attribute)) {
      return null;
    }
    return given != null ? given : current;
  }
}
