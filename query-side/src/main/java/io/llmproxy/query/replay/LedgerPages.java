package io.llmproxy.query.replay;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * Reads usage events straight from the event store in global order, a page at a time by keyset
 * ({@code global_index > last}) through the index on {@code (type, global_index)}, so memory holds
 * one page however large the store.
 */
final class LedgerPages {

  private static final String PAGE =
      "SELECT global_index, payload_type, payload_revision, payload FROM domain_event_entry"
          + " WHERE type = ? AND payload_type = ? AND global_index > ? AND global_index <= ?"
          + " ORDER BY global_index LIMIT ?";

  private static final String COUNT =
      "SELECT count(*) FROM domain_event_entry"
          + " WHERE type = ? AND payload_type = ? AND global_index <= ?";

  private static final String LAST =
      "SELECT coalesce(max(global_index), -1) FROM domain_event_entry"
          + " WHERE type = ? AND payload_type = ?";

  private final Serializer serializer;
  private final int pageSize;

  LedgerPages(Serializer serializer, int pageSize) {
    this.serializer = serializer;
    this.pageSize = pageSize;
  }

  /**
   * The global position of the last usage event now (-1 when there is none): the replay reads up to
   * it. Later events of other kinds do not matter, so the projection need not have passed them.
   */
  static long lastPosition(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(LAST)) {
      query.setString(1, AggregateTypes.USAGE_LEDGER);
      query.setString(2, UsageRecorded.class.getName());
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** How many usage events lie at or below {@code upTo}: the progress's denominator. */
  static long count(Connection connection, long upTo) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(COUNT)) {
      query.setString(1, AggregateTypes.USAGE_LEDGER);
      query.setString(2, UsageRecorded.class.getName());
      query.setLong(3, upTo);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Hands every usage event in {@code (after, upTo]} to {@code sink}, in global order.
   *
   * @throws InterruptedException when the replay is being stopped
   */
  void read(Connection connection, long after, long upTo, Consumer<UsageRecorded> sink)
      throws SQLException, InterruptedException {
    long last = after;
    try (PreparedStatement query = connection.prepareStatement(PAGE)) {
      int rows;
      do {
        if (Thread.interrupted()) {
          throw new InterruptedException("audit replay stopped");
        }
        query.setString(1, AggregateTypes.USAGE_LEDGER);
        query.setString(2, UsageRecorded.class.getName());
        query.setLong(3, last);
        query.setLong(4, upTo);
        query.setInt(5, pageSize);
        rows = 0;
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            rows++;
            last = rs.getLong("global_index");
            sink.accept(
                serializer.deserialize(
                    new SimpleSerializedObject<>(
                        rs.getBytes("payload"),
                        byte[].class,
                        rs.getString("payload_type"),
                        rs.getString("payload_revision"))));
          }
        }
      } while (rows == pageSize);
    }
  }
}
