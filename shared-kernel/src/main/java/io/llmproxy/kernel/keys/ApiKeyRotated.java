package io.llmproxy.kernel.keys;

import java.time.Instant;

/**
 * A key got a new secret. The previous secret authenticates until {@code previousValidUntil}; a
 * secret older than that stops working at once.
 */
public record ApiKeyRotated(
    String keyId,
    String secretHash,
    String displayPrefix,
    String previousSecretHash,
    Instant previousValidUntil,
    Instant rotatedAt) {}
