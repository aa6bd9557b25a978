package io.llmproxy.kernel.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ResumeApiKey(@TargetAggregateIdentifier String keyId) {}
