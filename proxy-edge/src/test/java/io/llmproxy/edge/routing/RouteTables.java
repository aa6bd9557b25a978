package io.llmproxy.edge.routing;

import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.RouteDefinition;
import java.time.Instant;
import java.util.Map;

/** A route table fed the route events a node would apply, for unit tests outside this package. */
public final class RouteTables {

  private static final Instant CONFIGURED = Instant.parse("2026-01-01T00:00:00Z");

  private RouteTables() {}

  public static RouteTable of(Map<String, RouteDefinition> routes) {
    RouteTable table = new RouteTable();
    routes.forEach(
        (alias, definition) ->
            table.on(new ModelRouteConfigured(alias, definition, CONFIGURED), 0, CONFIGURED));
    return table;
  }
}
