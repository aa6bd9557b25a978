package io.llmproxy.kernel.keys;

import java.time.Instant;

public record ApiKeySuspended(String keyId, String reason, Instant suspendedAt) {}
