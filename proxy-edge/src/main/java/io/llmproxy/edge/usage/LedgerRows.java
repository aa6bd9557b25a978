package io.llmproxy.edge.usage;

import io.llmproxy.edge.ledger.ChainMetaData;
import io.llmproxy.edge.ledger.StoredEvent;
import io.llmproxy.kernel.AggregateTypes;
import java.sql.Array;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Writes ledger events into Axon's event table as one JDBC batch, in exactly the columns and
 * serialised form Axon's JPA storage engine writes and reads. Axon's own append persists one entity
 * at a time (an insert and a key read per event); under load that, not the commit, bounded the
 * ledger. Runs inside the caller's transaction.
 */
@Component
class LedgerRows {

  private static final String INSERT =
      "INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision,"
          + " payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String LAST_EVENT =
      "SELECT sequence_number, meta_data FROM domain_event_entry WHERE aggregate_identifier = ?"
          + " ORDER BY sequence_number DESC LIMIT 1";

  // Each stream's advisory lock, taken in one order by every node so that two batches never wait
  // on each other; PostgreSQL evaluates a volatile select list after the sort.
  private static final String LOCK_STREAMS =
      "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(s, 0) AS k"
          + " FROM unnest(?::text[]) AS s) AS keys ORDER BY k";

  // one backward index probe per stream, not a read of whole streams
  private static final String LAST_EVENTS =
      "SELECT s.stream, e.sequence_number, e.meta_data FROM unnest(?::text[]) AS s(stream)"
          + " CROSS JOIN LATERAL (SELECT sequence_number, meta_data FROM domain_event_entry"
          + " WHERE aggregate_identifier = s.stream ORDER BY sequence_number DESC LIMIT 1) AS e";

  private final JdbcTemplate jdbc;
  private final ChainMetaData chainMetaData;
  private final boolean shared;

  LedgerRows(DataSource dataSource, ChainMetaData chainMetaData) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.chainMetaData = chainMetaData;
    this.shared = isPostgres(dataSource);
  }

  /**
   * True when other nodes may append to the same streams (PostgreSQL), so that a head this node
   * remembers can be stale; SQLite has one node.
   */
  boolean sharedByNodes() {
    return shared;
  }

  /**
   * Locks {@code streams} until the caller's transaction ends, so no other node appends to them
   * meanwhile, and returns their heads as they are now. PostgreSQL only.
   */
  Map<String, StreamHead> lockHeads(Collection<String> streams) {
    String[] ids = streams.toArray(String[]::new);
    jdbc.query(
        LOCK_STREAMS, statement -> statement.setArray(1, textArray(statement, ids)), row -> {});
    Map<String, StreamHead> heads = new HashMap<>();
    streams.forEach(stream -> heads.put(stream, StreamHead.start(-1)));
    jdbc.query(
        LAST_EVENTS,
        statement -> statement.setArray(1, textArray(statement, ids)),
        (RowCallbackHandler)
            row -> heads.put(row.getString(1), head(row.getLong(2), row.getBytes(3))));
    return heads;
  }

  /** The stream's last event, with the chain it continues; sequence -1 for a new stream. */
  StreamHead head(String stream) {
    List<StreamHead> last =
        jdbc.query(LAST_EVENT, (row, index) -> head(row.getLong(1), row.getBytes(2)), stream);
    return last.isEmpty() ? StreamHead.start(-1) : last.get(0);
  }

  private StreamHead head(long sequence, byte[] metaData) {
    return chainMetaData
        .read(metaData)
        .map(link -> new StreamHead(sequence, link.hash()))
        .orElseGet(() -> StreamHead.start(sequence));
  }

  private static Array textArray(PreparedStatement statement, String[] values) throws SQLException {
    return statement.getConnection().createArrayOf("text", values);
  }

  private static boolean isPostgres(DataSource dataSource) {
    try {
      String product =
          JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
      return "PostgreSQL".equals(product);
    } catch (MetaDataAccessException e) {
      throw new IllegalStateException("cannot tell which database holds the ledger", e);
    }
  }

  void insert(List<LedgerRow> rows) {
    jdbc.batchUpdate(
        INSERT,
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement statement, int index) throws SQLException {
            LedgerRow row = rows.get(index);
            StoredEvent event = row.event();
            statement.setString(1, event.eventId());
            statement.setBytes(2, row.metaData());
            statement.setBytes(3, event.payload());
            statement.setString(4, event.payloadRevision());
            statement.setString(5, event.payloadType());
            statement.setString(6, event.timestamp());
            statement.setString(7, event.stream());
            statement.setLong(8, event.sequence());
            statement.setString(9, AggregateTypes.USAGE_LEDGER);
          }

          @Override
          public int getBatchSize() {
            return rows.size();
          }
        });
  }
}
