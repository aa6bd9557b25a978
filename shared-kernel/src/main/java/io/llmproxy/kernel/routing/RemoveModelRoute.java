package io.llmproxy.kernel.routing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveModelRoute(@TargetAggregateIdentifier String alias) {}
