package io.llmproxy.kernel.teams;

import java.time.Instant;

/** A team's attributes changed; the event carries all of them as they now are. */
public record TeamUpdated(String teamId, TeamAttributes attributes, Instant updatedAt) {}
