package io.llmproxy.kernel.users;

import java.time.Instant;

public record AdminUserRoleChanged(String username, AdminRole role, Instant changedAt) {}
