package io.llmproxy.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds read models from the event store: stops a streaming processor, resets its token (its
 * reset handler empties its tables), starts it and waits until it has passed the store's last
 * event. Used by {@code rebuild-read-models}, by benchmarks (it reports the rate) and by tests.
 */
@Component
public class ReadModelRebuild {

  private final EventProcessingConfiguration processing;
  private final JdbcTemplate jdbc;

  ReadModelRebuild(EventProcessingConfiguration processing, DataSource dataSource) {
    this.processing = processing;
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** One processor's rebuild: how many events it read and how long it took. */
  public record Result(String processor, long events, long millis, long eventsPerSecond) {}

  /** Every streaming processor this node runs, by name. */
  public List<String> processors() {
    return new ArrayList<>(
        processing.eventProcessors().entrySet().stream()
            .filter(entry -> entry.getValue() instanceof StreamingEventProcessor)
            .map(Map.Entry::getKey)
            .sorted()
            .toList());
  }

  public Result rebuild(String name, Duration timeout) throws InterruptedException {
    StreamingEventProcessor processor =
        processing
            .eventProcessor(name, StreamingEventProcessor.class)
            .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + name));
    long head = head();
    long events = eventCount(head);
    long started = System.nanoTime();
    processor.shutDown();
    processor.resetTokens();
    processor.start();
    awaitPosition(processor, head, timeout);
    long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    return new Result(name, events, millis, events * 1000 / millis);
  }

  /** Waits until every segment of {@code processor} has reached {@code position}. */
  public void awaitPosition(StreamingEventProcessor processor, long position, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(processor, position)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            processor.getName()
                + " did not reach position "
                + position
                + " within "
                + timeout
                + "; running "
                + processor.isRunning()
                + ", segments "
                + processor.processingStatus());
      }
      Thread.sleep(20);
    }
  }

  public long head() {
    Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
    return head == null ? -1 : head;
  }

  private long eventCount(long head) {
    Long count =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM domain_event_entry WHERE global_index <= ?", Long.class, head);
    return count == null ? 0 : count;
  }

  private static boolean reached(StreamingEventProcessor processor, long position) {
    Map<Integer, EventTrackerStatus> status = new LinkedHashMap<>(processor.processingStatus());
    if (status.isEmpty() || !processor.isRunning()) {
      return false;
    }
    return status.values().stream()
        .allMatch(
            // a processor that ignores the last events may not move its token onto them, and its
            // replay flag can lag behind its position
            segment -> segment.getCurrentPosition().orElse(-1) >= position || segment.isCaughtUp());
  }
}
