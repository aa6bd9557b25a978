package io.llmproxy.kernel.users;

import java.time.Instant;

/**
 * The administrator can no longer sign in, and every session they had ends: {@code generation} is
 * their new session generation (tokens of an older one are refused). Events stored before
 * generations existed have none ({@code null}); each of them counts as one step up.
 */
public record AdminUserDisabled(String username, Instant disabledAt, Long generation) {}
