package io.llmproxy.query.replay;

import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.PayloadKind;
import io.llmproxy.eventstore.StoredEvent;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.sql.Connection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads usage events straight from the event store in global order, a page at a time by keyset
 * ({@code global_index > last}) through the index on {@code (type, global_index)}, so memory holds
 * one page however large the store. Every read is on the caller's connection: the replay reads the
 * events and the rollups in one read transaction.
 */
final class LedgerPages {

  private static final PayloadKind USAGE =
      PayloadKind.of(AggregateTypes.USAGE_LEDGER, UsageRecorded.class);

  private final EventReads events;
  private final int pageSize;

  LedgerPages(EventReads events, int pageSize) {
    this.events = events;
    this.pageSize = pageSize;
  }

  /**
   * The global position of the last usage event now (-1 when there is none): the replay reads up to
   * it. Later events of other kinds do not matter, so the projection need not have passed them.
   */
  long lastPosition(Connection connection) {
    return events.on(connection).lastOf(USAGE);
  }

  /** How many usage events lie at or below {@code upTo}: the progress's denominator. */
  long count(Connection connection, long upTo) {
    return events.on(connection).countOf(USAGE, upTo);
  }

  /**
   * Hands every usage event in {@code (after, upTo]} to {@code sink}, in global order.
   *
   * @throws InterruptedException when the replay is being stopped
   */
  void read(Connection connection, long after, long upTo, Consumer<UsageRecorded> sink)
      throws InterruptedException {
    EventReads reads = events.on(connection);
    long last = after;
    int rows;
    do {
      if (Thread.interrupted()) {
        throw new InterruptedException("audit replay stopped");
      }
      List<StoredEvent> page = reads.ofPayloadType(USAGE, last, upTo, pageSize);
      rows = page.size();
      if (rows > 0) {
        last = page.get(rows - 1).globalIndex();
      }
      reads.payloads(page, UsageRecorded.class).forEach(sink);
    } while (rows == pageSize);
  }
}
