package io.llmproxy.edge.registry;

import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Feeds the edge registries from the event store: first their whole history, then whatever any node
 * appends, by polling the store's type index every {@code llmproxy.registry-poll-interval}. Only
 * the registries' aggregate types are read, so a store full of usage events costs nothing here, and
 * a revocation made on another node is refused here within one poll interval.
 *
 * <p>Positions are global indexes. Several nodes on one PostgreSQL store commit out of index order,
 * so each poll also looks back over the recent indexes for rows that committed late (see {@link
 * RecentPositions}).
 *
 * <p>Rows are read past Axon's event store ({@link EventReads}), which hands them out through its
 * upcaster chain: an event an earlier release wrote must mean to a registry what it means to the
 * aggregates and projections.
 */
@Component
public class RegistryFollower implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RegistryFollower.class);
  private static final int PAGE = 1_000;
  // far longer than any transaction that appends events
  private static final long LATE_COMMIT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final EventReads events;
  private final Duration pollInterval;
  private final Map<String, List<AnnotationEventHandlerAdapter>> handlersByType =
      new LinkedHashMap<>();
  private ScheduledExecutorService poller;
  // only the poller thread touches it
  private final RecentPositions positions = new RecentPositions(LATE_COMMIT_WINDOW_NANOS);
  private volatile boolean caughtUp;
  private volatile boolean failing;

  RegistryFollower(
      List<EventRegistry> registries,
      EventReads events,
      @Value("${llmproxy.registry-poll-interval:200ms}") Duration pollInterval) {
    this.events = events;
    this.pollInterval = pollInterval;
    for (EventRegistry registry : registries) {
      var adapter = new AnnotationEventHandlerAdapter(registry);
      registry
          .aggregateTypes()
          .forEach(
              type -> handlersByType.computeIfAbsent(type, t -> new ArrayList<>()).add(adapter));
    }
  }

  /** True once the whole history has been applied; until then an unknown key may be unloaded. */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  @Override
  public void start() {
    poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "registry-follower");
              thread.setDaemon(true);
              return thread;
            });
    poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    poller.shutdownNow();
    poller = null;
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }

  private void poll() {
    long started = System.nanoTime();
    try {
      int applied = 0;
      long after = positions.floor();
      Page page;
      do {
        page = applyPage(after);
        applied += page.applied();
        after = page.last();
      } while (page.rows() == PAGE);
      positions.pollEnded(System.nanoTime());
      if (!caughtUp) {
        caughtUp = true;
        log.info(
            "registries loaded {} events of {} in {} ms",
            applied,
            handlersByType.keySet(),
            (System.nanoTime() - started) / 1_000_000);
      }
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("registries could not read the event store; retrying", e);
      }
      failing = true;
    }
  }

  private Page applyPage(long after) {
    List<StoredEvent> rows = events.ofAggregateTypes(handlersByType.keySet(), after, PAGE);
    List<StoredEvent> fresh = new ArrayList<>(rows.size());
    for (StoredEvent row : rows) {
      if (positions.isNew(row.globalIndex())) {
        fresh.add(row);
      }
    }
    events
        .messages(fresh)
        .forEach(
            event -> {
              dispatch((DomainEventMessage<?>) event);
              positions.applied(position(event));
            });
    // an upcaster may have dropped a row: it counts as applied all the same
    fresh.forEach(row -> positions.applied(row.globalIndex()));
    return new Page(
        rows.size(),
        fresh.size(),
        rows.isEmpty() ? after : rows.get(rows.size() - 1).globalIndex());
  }

  private static long position(TrackedEventMessage<?> event) {
    return event.trackingToken().position().orElseThrow();
  }

  /** A page read: its rows, how many of them were new, and the index of the last one. */
  private record Page(int rows, int applied, long last) {}

  private void dispatch(DomainEventMessage<?> event) {
    for (AnnotationEventHandlerAdapter handler : handlersByType.get(event.getType())) {
      try {
        if (handler.canHandle(event)) {
          handler.handle(event);
        }
      } catch (Exception e) {
        // one event a registry cannot apply must not stop every later revocation reaching it
        log.error(
            "registry could not apply {} of {}",
            event.getPayloadType().getSimpleName(),
            event.getAggregateIdentifier(),
            e);
      }
    }
  }
}
