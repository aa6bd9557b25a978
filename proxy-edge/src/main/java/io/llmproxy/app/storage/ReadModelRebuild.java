package io.llmproxy.app.storage;

import io.llmproxy.eventstore.EventReads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.stereotype.Component;

/**
 * Rebuilds read models from the event store: stops a streaming processor, resets its token (its
 * reset handler empties its tables), starts it and waits until it has passed the store's last
 * event. Used by {@code rebuild-read-models}, by benchmarks (it reports the rate) and by tests.
 */
@Component
public class ReadModelRebuild {

  private final EventProcessingConfiguration processing;
  private final EventReads events;

  ReadModelRebuild(EventProcessingConfiguration processing, EventReads events) {
    this.processing = processing;
    this.events = events;
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

  /**
   * Stops every streaming processor but {@code keep}: a rebuild then has the single writer
   * connection to itself, and its rate is its own. They resume at their tokens on the next start.
   */
  public void pauseAllBut(String keep) {
    processing
        .eventProcessors()
        .forEach(
            (name, processor) -> {
              if (!name.equals(keep) && processor instanceof StreamingEventProcessor) {
                processor.shutDown();
              }
            });
  }

  /** Stops every processor, so that nothing reads the store while the application closes. */
  public void stopAll() {
    processing.eventProcessors().values().forEach(processor -> processor.shutDown());
  }

  public Result rebuild(String name, Duration timeout) throws InterruptedException {
    StreamingEventProcessor processor =
        processing
            .eventProcessor(name, StreamingEventProcessor.class)
            .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + name));
    long head = head();
    long events = this.events.countUpTo(head);
    long started = System.nanoTime();
    processor.shutDown();
    processor.resetTokens();
    processor.start();
    await(processor, head, true, timeout);
    long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    return new Result(name, events, millis, events * 1000 / millis);
  }

  /** Waits until every segment of {@code processor} has handled the event at {@code position}. */
  public void awaitPosition(StreamingEventProcessor processor, long position, Duration timeout)
      throws InterruptedException {
    await(processor, position, false, timeout);
  }

  /**
   * {@code caughtUpSuffices}: a processor that ignores the last events may never move its token
   * onto them, so after a restart it counts as done once it has read to the end of the store.
   */
  private static void await(
      StreamingEventProcessor processor, long position, boolean caughtUpSuffices, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(processor, position, caughtUpSuffices)) {
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
    return events.head();
  }

  private static boolean reached(
      StreamingEventProcessor processor, long position, boolean caughtUpSuffices) {
    Map<Integer, EventTrackerStatus> status = new LinkedHashMap<>(processor.processingStatus());
    if (status.isEmpty() || !processor.isRunning()) {
      return false;
    }
    return status.values().stream()
        .allMatch(
            // the replay flag is not consulted: it can lag behind the position
            segment ->
                segment.getCurrentPosition().orElse(-1) >= position
                    || caughtUpSuffices && segment.isCaughtUp());
  }
}
