package io.llmproxy.query.replay;

import io.llmproxy.query.usage.RollupTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * How far the live rollups have got, from the processor's stored tokens. The token commits in the
 * same transaction as the rows it covers, so tokens and rows read in one read transaction describe
 * the same moment: the rollups hold exactly the events up to this position.
 */
final class ProjectionPosition {

  private static final String TOKENS =
      "SELECT token, token_type FROM token_entry WHERE processor_name = ?";

  private final Serializer serializer;

  ProjectionPosition(Serializer serializer) {
    this.serializer = serializer;
  }

  /**
   * The global position every segment has processed up to (-1: none yet); empty while that is not
   * one position: the processor has not started, its segments stand at different positions, or its
   * token records events still missing below its position.
   */
  OptionalLong read(Connection connection) throws SQLException {
    Long common = null;
    try (PreparedStatement query = connection.prepareStatement(TOKENS)) {
      query.setString(1, RollupTables.PROCESSOR);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          OptionalLong segment = position(rs.getBytes("token"), rs.getString("token_type"));
          if (segment.isEmpty() || (common != null && common != segment.getAsLong())) {
            return OptionalLong.empty();
          }
          common = segment.getAsLong();
        }
      }
    }
    return common == null ? OptionalLong.empty() : OptionalLong.of(common);
  }

  private OptionalLong position(byte[] data, String type) {
    if (data == null || type == null) {
      return OptionalLong.of(-1);
    }
    TrackingToken token =
        serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, type, null));
    // a token being reset still tells which events the (cleared and refilling) rows hold
    TrackingToken processed = WrappedToken.unwrapLowerBound(token);
    if (processed == null) {
      return OptionalLong.of(-1);
    }
    if (processed instanceof GapAwareTrackingToken gapAware && !gapAware.getGaps().isEmpty()) {
      return OptionalLong.empty();
    }
    return processed.position();
  }
}
