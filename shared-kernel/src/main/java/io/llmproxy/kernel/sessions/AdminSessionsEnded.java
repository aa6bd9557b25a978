package io.llmproxy.kernel.sessions;

import java.time.Instant;

/** Every token of the bootstrap administrator below {@code generation} is refused from now on. */
public record AdminSessionsEnded(
    String username, long generation, String reason, Instant endedAt) {}
