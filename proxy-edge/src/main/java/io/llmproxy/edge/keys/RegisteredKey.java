package io.llmproxy.edge.keys;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.keys.RateLimits;
import java.time.Instant;
import java.util.Set;

/**
 * What the edge knows about a virtual key: enough to authorise a request without a database read.
 * {@code version} is the key aggregate's sequence number of the last event applied.
 *
 * @param allowedModels as {@link KeyAttributes#allowedModels()}: {@code *} alone is every alias
 * @param budget the key's own spending limit, or null
 * @param secretHash the keyed hash of the current secret
 * @param previousSecretHash the secret before the last rotation, or null
 * @param previousValidUntil until when that previous secret is still accepted
 */
public record RegisteredKey(
    String keyId,
    String name,
    Set<String> allowedModels,
    Instant expiresAt,
    RateLimits limits,
    String teamId,
    Budget budget,
    String secretHash,
    String previousSecretHash,
    Instant previousValidUntil,
    boolean revoked,
    boolean suspended,
    long version) {

  public RegisteredKey {
    allowedModels = Set.copyOf(allowedModels);
    limits = RateLimits.orNone(limits);
  }

  static RegisteredKey issued(String keyId, String secretHash, KeyAttributes attributes, long v) {
    return new RegisteredKey(
            keyId, null, Set.of(), null, null, null, null, secretHash, null, null, false, false, v)
        .with(attributes, v);
  }

  public boolean mayUse(String alias) {
    return KeyAttributes.allows(allowedModels, alias);
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Whether a secret with this hash authenticates the key at {@code now}. */
  boolean accepts(String presentedHash, Instant now) {
    if (presentedHash.equals(secretHash)) {
      return true;
    }
    return presentedHash.equals(previousSecretHash)
        && previousValidUntil != null
        && now.isBefore(previousValidUntil);
  }

  RegisteredKey with(KeyAttributes attributes, long atVersion) {
    return new RegisteredKey(
        keyId,
        attributes.name(),
        Set.copyOf(attributes.allowedModels()),
        attributes.expiresAt(),
        attributes.limits(),
        attributes.teamId(),
        attributes.budget(),
        secretHash,
        previousSecretHash,
        previousValidUntil,
        revoked,
        suspended,
        atVersion);
  }

  RegisteredKey rotated(String newHash, String oldHash, Instant oldValidUntil, long atVersion) {
    return new RegisteredKey(
        keyId,
        name,
        allowedModels,
        expiresAt,
        limits,
        teamId,
        budget,
        newHash,
        oldHash,
        oldValidUntil,
        revoked,
        suspended,
        atVersion);
  }

  RegisteredKey revoke(long atVersion) {
    return withFlags(true, suspended, atVersion);
  }

  RegisteredKey suspended(boolean isSuspended, long atVersion) {
    return withFlags(revoked, isSuspended, atVersion);
  }

  private RegisteredKey withFlags(boolean isRevoked, boolean isSuspended, long atVersion) {
    return new RegisteredKey(
        keyId,
        name,
        allowedModels,
        expiresAt,
        limits,
        teamId,
        budget,
        secretHash,
        previousSecretHash,
        previousValidUntil,
        isRevoked,
        isSuspended,
        atVersion);
  }
}
