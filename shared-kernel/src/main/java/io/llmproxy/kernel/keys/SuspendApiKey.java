package io.llmproxy.kernel.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops a key from authenticating until it is resumed; unlike revocation, reversible. */
public record SuspendApiKey(@TargetAggregateIdentifier String keyId, String reason) {}
