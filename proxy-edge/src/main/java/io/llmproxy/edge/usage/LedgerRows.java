package io.llmproxy.edge.usage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
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

  private final JdbcTemplate jdbc;
  private final Serializer serializer;

  LedgerRows(DataSource dataSource, @Qualifier("eventSerializer") Serializer serializer) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.serializer = serializer;
  }

  /** The stream's last sequence number, -1 for a stream not yet started. */
  long lastSequence(String stream) {
    Long last =
        jdbc.queryForObject(
            "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
            Long.class,
            stream);
    return last == null ? -1 : last;
  }

  void insert(List<? extends DomainEventMessage<?>> events) {
    jdbc.batchUpdate(
        INSERT,
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement row, int index) throws SQLException {
            DomainEventMessage<?> event = events.get(index);
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
            row.setString(1, event.getIdentifier());
            row.setBytes(2, metaData.getData());
            row.setBytes(3, payload.getData());
            row.setString(4, payload.getType().getRevision());
            row.setString(5, payload.getType().getName());
            row.setString(6, DateTimeUtils.formatInstant(event.getTimestamp()));
            row.setString(7, event.getAggregateIdentifier());
            row.setLong(8, event.getSequenceNumber());
            row.setString(9, event.getType());
          }

          @Override
          public int getBatchSize() {
            return events.size();
          }
        });
  }
}
