package io.llmproxy.kernel.keys;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issues a virtual key. Only the keyed hash of the secret travels in the command; the plaintext
 * never leaves the HTTP response that created it.
 */
public record IssueApiKey(
    @TargetAggregateIdentifier String keyId,
    String name,
    String secretHash,
    String displayPrefix,
    List<String> allowedModels,
    Instant expiresAt,
    RateLimits limits) {

  public IssueApiKey {
    allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
    limits = RateLimits.orNone(limits);
  }
}
