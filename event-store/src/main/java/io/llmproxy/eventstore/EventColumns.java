package io.llmproxy.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.jdbc.core.RowMapper;

/** The event table's name and columns, in the one order every read selects them. */
final class EventColumns {

  static final String TABLE = "domain_event_entry";

  static final String ALL =
      "global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,"
          + " payload_type, payload_revision, payload, meta_data";

  static final RowMapper<StoredEvent> ROW = (rs, index) -> read(rs);

  private EventColumns() {}

  static StoredEvent read(ResultSet rs) throws SQLException {
    return new StoredEvent(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getBytes(9),
        rs.getBytes(10));
  }
}
