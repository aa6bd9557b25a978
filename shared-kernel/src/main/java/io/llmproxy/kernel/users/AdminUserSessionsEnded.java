package io.llmproxy.kernel.users;

import java.time.Instant;

/** Every token of the user below {@code generation} is refused from now on. */
public record AdminUserSessionsEnded(
    String username, long generation, String reason, Instant endedAt) {}
