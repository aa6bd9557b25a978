package io.llmproxy.kernel.sessions;

import java.time.Instant;

/** The token with id {@code sessionId} is refused from now on, until it expires anyway. */
public record AdminSessionSignedOut(
    String username, String sessionId, Instant expiresAt, Instant signedOutAt) {}
