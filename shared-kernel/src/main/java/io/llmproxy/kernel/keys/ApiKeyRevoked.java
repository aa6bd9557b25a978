package io.llmproxy.kernel.keys;

import java.time.Instant;

public record ApiKeyRevoked(String keyId, String reason, Instant revokedAt) {}
