package io.llmproxy.edge.ledger;

import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.StoredEvent;
import io.llmproxy.kernel.AggregateTypes;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Walks every usage ledger stream in the event store, in stream-id and sequence order, through the
 * read-only connections, and checks each event's place and hash in its stream's chain.
 *
 * <p>The walk reads in pages by keyset rather than in one query: a single statement would hold one
 * read snapshot for the whole walk, which keeps SQLite from checkpointing the log past it, and
 * would keep a reader connection from the reports for as long. Each row is checked as it is read,
 * so memory does not grow with the ledger.
 */
@Component
public class LedgerVerifier {

  private final EventReads events;
  private final ChainMetaData metaData;
  private final Clock clock;
  private final int pageSize;

  LedgerVerifier(
      EventReads events,
      ChainMetaData metaData,
      Clock clock,
      @Value("${llmproxy.usage.verify-page-size:10000}") int pageSize) {
    this.events = events;
    this.metaData = metaData;
    this.clock = clock;
    this.pageSize = Math.max(1, pageSize);
  }

  /** Blocks for as long as the walk takes: call it off the event loop. */
  public VerificationReport verify() {
    ChainWalk walk = new ChainWalk();
    Page page = new Page();
    do {
      page.rows = 0;
      events.streamsOfType(
          AggregateTypes.USAGE_LEDGER,
          page.lastStream,
          page.lastSequence,
          pageSize,
          event -> {
            walk.accept(event, metaData.read(event.metaData()));
            page.after(event);
          });
    } while (page.rows == pageSize);
    return walk.report(clock.instant());
  }

  /** The keyset position of the walk: the last event read, and how many the last page held. */
  private static final class Page {
    // sorts before every stream id, with a sequence below every real one
    private String lastStream = "";
    private long lastSequence = -1;
    private int rows;

    void after(StoredEvent event) {
      lastStream = event.aggregateId();
      lastSequence = event.sequence();
      rows++;
    }
  }
}
