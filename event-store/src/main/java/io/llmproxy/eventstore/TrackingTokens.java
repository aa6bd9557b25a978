package io.llmproxy.eventstore;

import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Reads of the tracking processors' stored tokens (Axon's token store), for what it does not offer.
 */
public final class TrackingTokens {

  private final NamedParameterJdbcTemplate jdbc;
  private final Serializer serializer;

  public TrackingTokens(DataSource dataSource, Serializer serializer) {
    this.jdbc = new NamedParameterJdbcTemplate(new JdbcTemplate(dataSource));
    this.serializer = serializer;
  }

  /**
   * The same reads on one connection the caller holds: a token commits with the rows it covers, so
   * token and rows read in one transaction describe one moment.
   */
  public TrackingTokens on(Connection connection) {
    return new TrackingTokens(new SingleConnectionDataSource(connection, true), serializer);
  }

  /** A processor's segment and its stored token; the token is null when none is stored yet. */
  public record SegmentToken(int segment, TrackingToken token) {}

  /** How many segments the processors have between them, on every node. */
  public int segmentCount(Collection<String> processors) {
    if (processors.isEmpty()) {
      return 0;
    }
    Integer count =
        jdbc.queryForObject(
            "SELECT count(*) FROM token_entry WHERE processor_name IN (:names)",
            new MapSqlParameterSource("names", processors),
            Integer.class);
    return count == null ? 0 : count;
  }

  /** Every segment of {@code processor} with its token, in segment order. */
  public List<SegmentToken> segments(String processor) {
    return jdbc.query(
        "SELECT segment, token, token_type FROM token_entry WHERE processor_name = :name"
            + " ORDER BY segment",
        new MapSqlParameterSource("name", processor),
        (rs, index) -> new SegmentToken(rs.getInt(1), token(rs.getBytes(2), rs.getString(3))));
  }

  private TrackingToken token(byte[] data, String type) {
    if (data == null || type == null) {
      return null;
    }
    return serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, type, null));
  }
}
