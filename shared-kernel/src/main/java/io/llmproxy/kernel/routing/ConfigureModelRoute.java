package io.llmproxy.kernel.routing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Points a public model alias at its deployments, with its retry and fallback policy. */
public record ConfigureModelRoute(
    @TargetAggregateIdentifier String alias, RouteDefinition definition) {}
