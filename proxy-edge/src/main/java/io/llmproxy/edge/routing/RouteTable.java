package io.llmproxy.edge.routing;

import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.ModelRouteRemoved;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/** Alias → route, built from route events and followed live like the key registry. */
@Component
@ProcessingGroup(RouteTable.PROCESSING_GROUP)
public class RouteTable {

  public static final String PROCESSING_GROUP = "edge-route-table";

  private final Map<String, Route> routes = new ConcurrentHashMap<>();

  @EventHandler
  void on(ModelRouteConfigured event) {
    routes.put(event.alias(), new Route(event.alias(), event.provider(), event.upstreamModel()));
  }

  @EventHandler
  void on(ModelRouteRemoved event) {
    routes.remove(event.alias());
  }

  @ResetHandler
  void reset() {
    routes.clear();
  }

  public Optional<Route> find(String alias) {
    return Optional.ofNullable(routes.get(alias));
  }
}
