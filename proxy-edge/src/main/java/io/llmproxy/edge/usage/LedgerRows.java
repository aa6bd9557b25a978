package io.llmproxy.edge.usage;

import io.llmproxy.edge.ledger.ChainMetaData;
import io.llmproxy.edge.ledger.StoredEvent;
import io.llmproxy.kernel.AggregateTypes;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
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

  private final JdbcTemplate jdbc;
  private final ChainMetaData chainMetaData;

  LedgerRows(DataSource dataSource, ChainMetaData chainMetaData) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.chainMetaData = chainMetaData;
  }

  /** The stream's last event, with the chain it continues; sequence -1 for a new stream. */
  StreamHead head(String stream) {
    List<StreamHead> last =
        jdbc.query(
            LAST_EVENT,
            (row, index) -> {
              long sequence = row.getLong(1);
              return chainMetaData
                  .read(row.getBytes(2))
                  .map(link -> new StreamHead(sequence, link.hash()))
                  .orElseGet(() -> StreamHead.start(sequence));
            },
            stream);
    return last.isEmpty() ? StreamHead.start(-1) : last.get(0);
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
