package io.llmproxy.kernel.keys;

import io.llmproxy.kernel.budget.Budget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes some of a key's attributes: a null field stays as it is, an attribute in {@code cleared}
 * goes back to "none".
 */
public record UpdateApiKey(
    @TargetAggregateIdentifier String keyId,
    String name,
    List<String> allowedModels,
    Instant expiresAt,
    RateLimits limits,
    String owner,
    String teamId,
    Budget budget,
    Map<String, String> metadata,
    Set<KeyAttribute> cleared) {

  public UpdateApiKey {
    cleared = cleared == null ? Set.of() : Set.copyOf(cleared);
  }

  /** The key's attributes once this update is applied to {@code current}. */
  public KeyAttributes applyTo(KeyAttributes current) {
    return new KeyAttributes(
        name != null ? name : current.name(),
        allowedModels != null ? allowedModels : current.allowedModels(),
        pick(KeyAttribute.EXPIRES_AT, expiresAt, current.expiresAt()),
        pick(KeyAttribute.LIMITS, limits, current.limits()),
        pick(KeyAttribute.OWNER, owner, current.owner()),
        pick(KeyAttribute.TEAM, teamId, current.teamId()),
        pick(KeyAttribute.BUDGET, budget, current.budget()),
        metadata != null ? metadata : current.metadata());
  }

  private <T> T pick(KeyAttribute attribute, T given, T current) {
    if (cleared.contains(attribute)) {
      return null;
    }
    return given != null ? given : current;
  }
}
