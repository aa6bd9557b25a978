package io.llmproxy.app.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: every streaming (tracking or pooled) processor of this node is running and
 * none is in error. A processor in error retries with back-off on its own; until it succeeds the
 * read models it feeds fall behind, and a load balancer should prefer a node that is not stuck.
 * Operators who would rather keep serving {@code /v1} regardless drop {@code eventProcessors} from
 * {@code management.endpoint.health.group.readiness.include}.
 */
@Component("eventProcessors")
class EventProcessorReadiness implements HealthIndicator {

  private final EventProcessingConfiguration processing;

  EventProcessorReadiness(EventProcessingConfiguration processing) {
    this.processing = processing;
  }

  @Override
  public Health health() {
    Map<String, String> states = new LinkedHashMap<>();
    boolean ready = true;
    for (var processor : StreamingProcessors.of(processing).entrySet()) {
      StreamingEventProcessor p = processor.getValue();
      String state = p.isError() ? "error" : p.isRunning() ? "running" : "stopped";
      ready &= "running".equals(state);
      states.put(processor.getKey(), state);
    }
    return (ready ? Health.up() : Health.outOfService()).withDetails(states).build();
  }
}
