package io.llmproxy.kernel.users;

import java.time.Instant;

public record AdminUserEnabled(String username, Instant enabledAt) {}
