package io.llmproxy.kernel.teams;

import java.time.Instant;

public record TeamCreated(String teamId, TeamAttributes attributes, Instant createdAt) {}
