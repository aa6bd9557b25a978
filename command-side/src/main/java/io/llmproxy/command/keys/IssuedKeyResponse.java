package io.llmproxy.command.keys;

import io.llmproxy.kernel.keys.RateLimits;
import java.time.Instant;
import java.util.List;

/** The only response that ever carries the key's plaintext. */
public record IssuedKeyResponse(
    String id,
    String name,
    String key,
    String displayPrefix,
    List<String> models,
    Instant expiresAt,
    RateLimits limits) {}
