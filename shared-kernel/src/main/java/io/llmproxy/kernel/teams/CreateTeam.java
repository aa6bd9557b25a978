package io.llmproxy.kernel.teams;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateTeam(@TargetAggregateIdentifier String teamId, TeamAttributes attributes) {}
