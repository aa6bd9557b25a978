package io.llmproxy.edge.registry;

import io.llmproxy.edge.adminauth.AdminUserRegistry;
import io.llmproxy.edge.keys.KeyRegistry;
import io.llmproxy.edge.routing.RouteTable;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The edge can only judge keys and routes once its registries have read the event store up to its
 * head; until then an unknown key may simply not be loaded yet. Exposed as a health indicator so
 * load balancers wait for it.
 */
@Component("edgeRegistries")
public class RegistryReadiness implements HealthIndicator {

  private static final List<String> REGISTRIES =
      List.of(
          KeyRegistry.PROCESSING_GROUP,
          RouteTable.PROCESSING_GROUP,
          AdminUserRegistry.PROCESSING_GROUP);

  private final EventProcessingConfiguration processing;
  private volatile boolean ready;

  RegistryReadiness(EventProcessingConfiguration processing) {
    this.processing = processing;
  }

  public boolean isReady() {
    if (!ready) {
      ready = REGISTRIES.stream().allMatch(this::caughtUp);
    }
    return ready;
  }

  @Override
  public Health health() {
    return isReady()
        ? Health.up().build()
        : Health.outOfService().withDetail("registries", "loading").build();
  }

  private boolean caughtUp(String processingGroup) {
    return processing
        .eventProcessor(processingGroup, StreamingEventProcessor.class)
        .map(
            processor -> {
              var status = processor.processingStatus().values();
              return !status.isEmpty() && status.stream().allMatch(EventTrackerStatus::isCaughtUp);
            })
        .orElse(false);
  }
}
