package io.llmproxy.edge.routing;

import io.llmproxy.kernel.routing.RouteDefinition;
import java.time.Instant;

/**
 * Where requests for a public alias go: its deployments and policies. {@code version} is the route
 * aggregate's sequence number of the last event applied, {@code configuredAt} that event's time.
 */
public record Route(String alias, RouteDefinition definition, long version, Instant configuredAt) {}
