package io.llmproxy.kernel.users;

import java.time.Instant;

/** The administrator can no longer sign in; sessions begun before {@code disabledAt} end. */
public record AdminUserDisabled(String username, Instant disabledAt) {}
