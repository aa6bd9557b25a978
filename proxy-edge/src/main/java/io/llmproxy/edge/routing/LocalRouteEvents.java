package io.llmproxy.edge.routing;

import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.ModelRouteRemoved;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/** This node's own route events, applied inside the publishing unit of work (see RouteTable). */
@Component
@ProcessingGroup(LocalRouteEvents.PROCESSING_GROUP)
class LocalRouteEvents {

  static final String PROCESSING_GROUP = "edge-local-routes";

  private final RouteTable table;

  LocalRouteEvents(RouteTable table) {
    this.table = table;
  }

  @EventHandler
  void on(
      ModelRouteConfigured event, @SequenceNumber long sequence, @Timestamp Instant configuredAt) {
    table.on(event, sequence, configuredAt);
  }

  @EventHandler
  void on(ModelRouteRemoved event, @SequenceNumber long sequence) {
    table.on(event, sequence);
  }
}
