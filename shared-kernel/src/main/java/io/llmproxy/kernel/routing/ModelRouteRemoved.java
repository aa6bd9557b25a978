package io.llmproxy.kernel.routing;

import java.time.Instant;

public record ModelRouteRemoved(String alias, Instant removedAt) {}
