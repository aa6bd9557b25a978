package io.llmproxy.edge.routing;

import io.llmproxy.edge.registry.EventRegistry;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.ModelRouteRemoved;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Alias → route, built from route events like the key registry (see {@link EventRegistry}). Removed
 * aliases keep a versioned tombstone so a late, older event cannot bring them back.
 */
@Component
@ProcessingGroup(RouteTable.PROCESSING_GROUP)
public class RouteTable implements EventRegistry {

  public static final String PROCESSING_GROUP = "edge-route-table";

  private final Map<String, Entry> routes = new ConcurrentHashMap<>();

  private record Entry(Route route, boolean removed) {}

  @EventHandler
  void on(
      ModelRouteConfigured event, @SequenceNumber long sequence, @Timestamp Instant configuredAt) {
    apply(
        event.alias(),
        sequence,
        new Entry(new Route(event.alias(), event.route(), sequence, configuredAt), false));
  }

  @EventHandler
  void on(ModelRouteRemoved event, @SequenceNumber long sequence) {
    apply(event.alias(), sequence, new Entry(new Route(event.alias(), null, sequence, null), true));
  }

  @Override
  public List<String> aggregateTypes() {
    return List.of(AggregateTypes.MODEL_ROUTE);
  }

  public Optional<Route> find(String alias) {
    Entry entry = routes.get(alias);
    return entry == null || entry.removed() ? Optional.empty() : Optional.of(entry.route());
  }

  /** Every alias currently routed, in alphabetical order. */
  public List<Route> all() {
    return routes.values().stream()
        .filter(entry -> !entry.removed())
        .map(Entry::route)
        .sorted(Comparator.comparing(Route::alias))
        .toList();
  }

  private void apply(String alias, long sequence, Entry next) {
    routes.compute(
        alias,
        (key, current) ->
            current != null && current.route().version() >= sequence ? current : next);
  }
}
