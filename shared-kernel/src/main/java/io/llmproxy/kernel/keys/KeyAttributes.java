package io.llmproxy.kernel.keys;

import io.llmproxy.kernel.budget.Budget;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything about a key an administrator can change after issuing it. Events carry the whole set,
 * so a projection or registry never needs the key's earlier events to know its current state.
 *
 * @param allowedModels aliases the key may call; empty means every alias
 * @param expiresAt null for a key that never expires
 * @param limits the key's own rate limits; {@link RateLimits#NONE} falls back to its team's
 * @param owner free text naming who the key belongs to, or null
 * @param teamId the team the key's traffic and spend count towards, or null
 * @param budget the key's own spending limit, or null
 * @param metadata caller-defined labels, reported back unchanged
 */
public record KeyAttributes(
    String name,
    List<String> allowedModels,
    Instant expiresAt,
    RateLimits limits,
    String owner,
    String teamId,
    Budget budget,
    Map<String, String> metadata) {

  public KeyAttributes {
    allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
    limits = RateLimits.orNone(limits);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
