package io.llmproxy.edge.keys;

import io.llmproxy.kernel.keys.RateLimits;
import java.time.Instant;
import java.util.Set;

/**
 * What the edge knows about a virtual key: enough to authorise a request without a database read.
 * {@code version} is the key aggregate's sequence number of the last event applied.
 */
public record RegisteredKey(
    String keyId,
    String name,
    Set<String> allowedModels,
    Instant expiresAt,
    RateLimits limits,
    boolean revoked,
    boolean suspended,
    long version) {

  public RegisteredKey {
    allowedModels = Set.copyOf(allowedModels);
    limits = RateLimits.orNone(limits);
  }

  public boolean mayUse(String alias) {
    return allowedModels.isEmpty() || allowedModels.contains(alias);
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  RegisteredKey revoke(long atVersion) {
    return new RegisteredKey(
        keyId, name, allowedModels, expiresAt, limits, true, suspended, atVersion);
  }

  RegisteredKey suspended(boolean isSuspended, long atVersion) {
    return new RegisteredKey(
        keyId, name, allowedModels, expiresAt, limits, revoked, isSuspended, atVersion);
  }
}
