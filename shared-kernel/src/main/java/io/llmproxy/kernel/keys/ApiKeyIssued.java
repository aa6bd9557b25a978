package io.llmproxy.kernel.keys;

import java.time.Instant;
import java.util.List;

/**
 * A virtual key came into existence. {@code secretHash} is HMAC-SHA-256 of the full key under the
 * server pepper, so the event store never holds anything that authenticates by itself.
 */
public record ApiKeyIssued(
    String keyId,
    String name,
    String secretHash,
    String displayPrefix,
    List<String> allowedModels,
    Instant expiresAt,
    Instant issuedAt,
    RateLimits limits) {

  public ApiKeyIssued {
    allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
    limits = RateLimits.orNone(limits);
  }
}
