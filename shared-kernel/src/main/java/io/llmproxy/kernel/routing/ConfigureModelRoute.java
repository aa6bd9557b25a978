package io.llmproxy.kernel.routing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Points a public model alias at one provider deployment and the model name it knows. */
public record ConfigureModelRoute(
    @TargetAggregateIdentifier String alias, String provider, String upstreamModel) {}
