package io.llmproxy.app.ops;

import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.TrackingTokens;
import io.llmproxy.kernel.DataSources;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * How far each streaming processor is behind the event store, for the slowest segment this node
 * holds, sampled once a second on a thread of its own through the read-only pool (a scrape only
 * reads the last sample):
 *
 * <ul>
 *   <li>{@code llmproxy_processor_lag_events{processor}}: events of the store it has still to read;
 *   <li>{@code llmproxy_processor_lag_seconds{processor}}: how long ago the oldest of them was
 *       appended (the sampling node's clock against the appending node's), 0 when it is at the
 *       head.
 * </ul>
 *
 * A processor of which this node holds no segment (stopped, or another node has them all) is
 * measured at its stored tokens, so a stopped processor's lag grows; NaN when none is stored.
 */
@Component
class EventProcessorLag implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EventProcessorLag.class);
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  /** One processor's last sample. */
  private record Sample(double events, double seconds) {
    static final Sample UNKNOWN = new Sample(Double.NaN, Double.NaN);
  }

  private final EventProcessingConfiguration processing;
  private final EventReads events;
  private final TrackingTokens tokens;
  private final MeterRegistry registry;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Sample> samples = new ConcurrentHashMap<>();
  private Map<String, StreamingEventProcessor> processors = Map.of();
  private ScheduledExecutorService sampler;

  EventProcessorLag(
      EventProcessingConfiguration processing,
      EventReads events,
      @Qualifier(DataSources.READ_ONLY) DataSource readOnly,
      Serializer serializer,
      MeterRegistry registry) {
    this.processing = processing;
    this.events = events;
    this.tokens = new TrackingTokens(readOnly, serializer);
    this.registry = registry;
  }

  @Override
  public synchronized void start() {
    processors = StreamingProcessors.of(processing);
    processors.forEach(
        (name, processor) -> {
          samples.put(name, Sample.UNKNOWN);
          Gauge.builder("llmproxy.processor.lag", samples, s -> s.get(name).events())
              .description("events in the store this processor has not handled yet")
              .baseUnit("events")
              .tag("processor", name)
              .register(registry);
          Gauge.builder("llmproxy.processor.lag.seconds", samples, s -> s.get(name).seconds())
              .description("age of the oldest event in the store this processor has not handled")
              .tag("processor", name)
              .register(registry);
        });
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "processor-lag");
              thread.setDaemon(true);
              return thread;
            });
    sampler.scheduleWithFixedDelay(this::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return sampler != null;
  }

  // stops after the web server (no scrape reads the samples any more), before the pools close
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 4096;
  }

  /** Samples every processor now; the scheduled task calls it once a second. */
  void sample() {
    try {
      long head = events.head();
      processors.forEach((name, processor) -> samples.put(name, sample(name, processor, head)));
    } catch (RuntimeException e) {
      log.debug("processor lag not sampled: {}", e.getMessage());
      samples.replaceAll((name, sample) -> Sample.UNKNOWN);
    }
  }

  private Sample sample(String name, StreamingEventProcessor processor, long head) {
    Stream<TrackingToken> held =
        processor.processingStatus().values().stream().map(EventTrackerStatus::getTrackingToken);
    OptionalLong slowest = slowest(held);
    if (slowest.isEmpty()) {
      slowest = slowest(tokens.segments(name).stream().map(TrackingTokens.SegmentToken::token));
    }
    if (slowest.isEmpty()) {
      return Sample.UNKNOWN;
    }
    long behind = Math.max(0, head - slowest.getAsLong());
    if (behind == 0) {
      return new Sample(0, 0);
    }
    double seconds =
        events
            .appendedAfter(slowest.getAsLong())
            .map(appended -> Math.max(0, clock.millis() - appended.toEpochMilli()) / 1000.0)
            .orElse(0.0);
    return new Sample(behind, seconds);
  }

  /** The lowest position of the segments' tokens (-1 for a segment without one yet), if any. */
  private static OptionalLong slowest(Stream<TrackingToken> segments) {
    return segments.mapToLong(token -> token == null ? -1 : token.position().orElse(-1)).min();
  }
}
