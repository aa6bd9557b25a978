package io.llmproxy.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * {@code llmproxy_processor_lag_events{processor}}: how many events of the store each streaming
 * processor's slowest segment claimed on this node has still to handle. NaN while this node holds
 * no segment of it (not started, or another node has them all).
 */
@Component
class EventProcessorLag implements SmartInitializingSingleton {

  // a scrape asks once per processor; one query for the head serves them all
  private static final long HEAD_CACHE_NANOS = 1_000_000_000L;

  private final EventProcessingConfiguration processing;
  private final EventStore events;
  private final MeterRegistry registry;
  private final LongSupplier nanoTime = System::nanoTime;
  private long headReadAt;
  private long head = -1;
  private boolean headKnown;

  EventProcessorLag(
      EventProcessingConfiguration processing, EventStore events, MeterRegistry registry) {
    this.processing = processing;
    this.events = events;
    this.registry = registry;
  }

  @Override
  public void afterSingletonsInstantiated() {
    StreamingProcessors.of(processing)
        .forEach(
            (name, processor) ->
                Gauge.builder("llmproxy.processor.lag", processor, this::lag)
                    .description("events in the store this processor has not handled yet")
                    .baseUnit("events")
                    .tag("processor", name)
                    .register(registry));
  }

  double lag(StreamingEventProcessor processor) {
    long behind = -1;
    for (EventTrackerStatus segment : processor.processingStatus().values()) {
      TrackingToken token = segment.getTrackingToken();
      OptionalLong position = token == null ? OptionalLong.empty() : token.position();
      behind = Math.max(behind, Math.max(0, head() - position.orElse(-1)));
    }
    return behind < 0 ? Double.NaN : behind;
  }

  private synchronized long head() {
    long now = nanoTime.getAsLong();
    if (!headKnown || now - headReadAt > HEAD_CACHE_NANOS) {
      TrackingToken token = events.createHeadToken();
      head = token == null ? -1 : token.position().orElse(-1);
      headReadAt = now;
      headKnown = true;
    }
    return head;
  }
}
