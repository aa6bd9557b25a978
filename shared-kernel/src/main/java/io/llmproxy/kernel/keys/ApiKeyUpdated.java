package io.llmproxy.kernel.keys;

import java.time.Instant;

/** A key's attributes changed; the event carries all of them as they now are. */
public record ApiKeyUpdated(String keyId, KeyAttributes attributes, Instant updatedAt) {}
