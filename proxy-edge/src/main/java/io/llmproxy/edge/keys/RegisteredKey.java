package io.llmproxy.edge.keys;

import java.time.Instant;
import java.util.Set;

/**
 * What the edge knows about a virtual key: enough to authorise a request without a database read.
 */
public record RegisteredKey(
    String keyId, String name, Set<String> allowedModels, Instant expiresAt, boolean revoked) {

  public RegisteredKey {
    allowedModels = Set.copyOf(allowedModels);
  }

  public boolean mayUse(String alias) {
    return allowedModels.isEmpty() || allowedModels.contains(alias);
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  RegisteredKey revoke() {
    return new RegisteredKey(keyId, name, allowedModels, expiresAt, true);
  }
}
