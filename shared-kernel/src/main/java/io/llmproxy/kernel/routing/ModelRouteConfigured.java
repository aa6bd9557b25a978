package io.llmproxy.kernel.routing;

import java.time.Instant;

public record ModelRouteConfigured(
    String alias, String provider, String upstreamModel, Instant configuredAt) {}
