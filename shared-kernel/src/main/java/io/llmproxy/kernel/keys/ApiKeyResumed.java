package io.llmproxy.kernel.keys;

import java.time.Instant;

public record ApiKeyResumed(String keyId, Instant resumedAt) {}
