package io.llmproxy.edge.ledger;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.DataSources;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
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

  // "type || ''": keeps the planner (SQLite's, and PostgreSQL's) from choosing the (type,
  // global_index) index, which would sort the whole ledger for every page; the
  // (aggregate_identifier, sequence_number) index returns rows in order
  private static final String PAGE =
      "SELECT aggregate_identifier, sequence_number, event_identifier, payload_type,"
          + " payload_revision, time_stamp, payload, meta_data FROM domain_event_entry"
          + " WHERE type || '' = ? AND (aggregate_identifier, sequence_number) > (?, ?)"
          + " ORDER BY aggregate_identifier, sequence_number LIMIT ?";

  private final JdbcTemplate jdbc;
  private final ChainMetaData metaData;
  private final Clock clock;
  private final int pageSize;

  LedgerVerifier(
      @Qualifier(DataSources.READ_ONLY) DataSource readOnly,
      ChainMetaData metaData,
      Clock clock,
      @Value("${llmproxy.usage.verify-page-size:10000}") int pageSize) {
    this.jdbc = new JdbcTemplate(readOnly);
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
      jdbc.query(
          PAGE,
          row -> {
            StoredEvent event =
                new StoredEvent(
                    row.getString(1),
                    row.getLong(2),
                    row.getString(3),
                    row.getString(4),
                    row.getString(5),
                    row.getString(6),
                    row.getBytes(7));
            walk.accept(event, metaData.read(row.getBytes(8)));
            page.after(event);
          },
          AggregateTypes.USAGE_LEDGER,
          page.lastStream,
          page.lastSequence,
          pageSize);
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
      lastStream = event.stream();
      lastSequence = event.sequence();
      rows++;
    }
  }
}
