package io.llmproxy.kernel.keys;

import io.llmproxy.kernel.budget.Budget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A virtual key came into existence. {@code secretHash} is HMAC-SHA-256 of the full key under the
 * server pepper, so the event store never holds anything that authenticates by itself. The fields
 * after {@code limits} came later; events stored before them read as null. Revision {@value
 * KeyAttributes#EXPLICIT_EVERY_ALIAS}: see {@link KeyAttributes#allowedModels()}.
 */
@Revision(KeyAttributes.EXPLICIT_EVERY_ALIAS)
public record ApiKeyIssued(
    String keyId,
    String name,
    String secretHash,
    String displayPrefix,
    List<String> allowedModels,
    Instant expiresAt,
    Instant issuedAt,
    RateLimits limits,
    String owner,
    String teamId,
    Budget budget,
    Map<String, String> metadata) {

  public ApiKeyIssued {
    allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
    limits = RateLimits.orNone(limits);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public ApiKeyIssued(
      String keyId,
      String secretHash,
      String displayPrefix,
      KeyAttributes attributes,
      Instant issuedAt) {
    this(
        keyId,
        attributes.name(),
        secretHash,
        displayPrefix,
        attributes.allowedModels(),
        attributes.expiresAt(),
        issuedAt,
        attributes.limits(),
        attributes.owner(),
        attributes.teamId(),
        attributes.budget(),
        attributes.metadata());
  }

  public KeyAttributes attributes() {
    return new KeyAttributes(
        name, allowedModels, expiresAt, limits, owner, teamId, budget, metadata);
  }
}
