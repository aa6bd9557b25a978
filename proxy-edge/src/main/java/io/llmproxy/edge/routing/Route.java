package io.llmproxy.edge.routing;

import java.time.Instant;

/**
 * Where requests for a public alias go: a configured provider and the model name it expects. {@code
 * version} is the route aggregate's sequence number of the last event applied, {@code configuredAt}
 * that event's time.
 */
public record Route(
    String alias, String provider, String upstreamModel, long version, Instant configuredAt) {}
