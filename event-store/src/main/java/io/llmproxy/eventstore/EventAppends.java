package io.llmproxy.eventstore;

import static io.llmproxy.eventstore.EventColumns.TABLE;

import java.sql.Array;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Appends events as one JDBC batch, in exactly the columns and serialised form Axon's JPA storage
 * engine writes and reads, inside the caller's transaction (a {@code DataSourceTransactionManager}
 * over the same data source). Axon's own append persists one entity at a time (an insert and a key
 * read per event); under load that, not the commit, bounded the usage ledger.
 */
public final class EventAppends {

  private static final String INSERT =
      "INSERT INTO "
          + TABLE
          + " (event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp,"
          + " aggregate_identifier, sequence_number, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String LAST_EVENT =
      "SELECT sequence_number, meta_data FROM "
          + TABLE
          + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1";

  // Each stream's advisory lock, taken in one order by every node so that two batches never wait
  // on each other; PostgreSQL evaluates a volatile select list after the sort.
  private static final String LOCK_STREAMS =
      "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(s, 0) AS k"
          + " FROM unnest(?::text[]) AS s) AS keys ORDER BY k";

  // one backward index probe per stream, not a read of whole streams
  private static final String LAST_EVENTS =
      "SELECT s.stream, e.sequence_number, e.meta_data FROM unnest(?::text[]) AS s(stream)"
          + " CROSS JOIN LATERAL (SELECT sequence_number, meta_data FROM "
          + TABLE
          + " WHERE aggregate_identifier = s.stream ORDER BY sequence_number DESC LIMIT 1) AS e";

  private final JdbcTemplate jdbc;
  private final boolean shared;

  public EventAppends(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.shared = isPostgres(dataSource);
  }

  /** A stream's last event: its sequence number and its metadata column (null when none). */
  public record LastEvent(long sequence, byte[] metaData) {}

  /**
   * True when other nodes may append to the same streams (PostgreSQL), so that a head a node
   * remembers can be stale; SQLite has one node.
   */
  public boolean sharedByNodes() {
    return shared;
  }

  /**
   * Locks {@code streams} until the caller's transaction ends, so that no other node appends to
   * them meanwhile, and returns the last event of each that has one. PostgreSQL only.
   */
  public Map<String, LastEvent> lockStreams(Collection<String> streams) {
    String[] ids = streams.toArray(String[]::new);
    jdbc.query(
        LOCK_STREAMS, statement -> statement.setArray(1, textArray(statement, ids)), row -> {});
    Map<String, LastEvent> last = new HashMap<>();
    jdbc.query(
        LAST_EVENTS,
        statement -> statement.setArray(1, textArray(statement, ids)),
        (RowCallbackHandler)
            row -> last.put(row.getString(1), new LastEvent(row.getLong(2), row.getBytes(3))));
    return last;
  }

  /** The stream's last event; empty for a stream with none. */
  public Optional<LastEvent> lastEvent(String stream) {
    List<LastEvent> last =
        jdbc.query(
            LAST_EVENT, (row, index) -> new LastEvent(row.getLong(1), row.getBytes(2)), stream);
    return last.stream().findFirst();
  }

  /** Inserts the rows in one batch; their global indexes are the store's to assign. */
  public void insert(List<StoredEvent> rows) {
    jdbc.batchUpdate(
        INSERT,
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement statement, int index) throws SQLException {
            StoredEvent event = rows.get(index);
            statement.setString(1, event.eventId());
            statement.setBytes(2, event.metaDataColumn());
            statement.setBytes(3, event.payload());
            statement.setString(4, event.payloadRevision());
            statement.setString(5, event.payloadType());
            statement.setString(6, event.timestamp());
            statement.setString(7, event.aggregateId());
            statement.setLong(8, event.sequence());
            statement.setString(9, event.aggregateType());
          }

          @Override
          public int getBatchSize() {
            return rows.size();
          }
        });
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
      throw new IllegalStateException("cannot tell which database holds the event store", e);
    }
  }
}
