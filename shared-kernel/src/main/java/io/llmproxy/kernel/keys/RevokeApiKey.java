package io.llmproxy.kernel.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeApiKey(@TargetAggregateIdentifier String keyId, String reason) {}
