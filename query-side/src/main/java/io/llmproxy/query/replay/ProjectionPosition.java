package io.llmproxy.query.replay;

import io.llmproxy.eventstore.TrackingTokens;
import io.llmproxy.eventstore.TrackingTokens.SegmentToken;
import io.llmproxy.query.usage.RollupTables;
import java.sql.Connection;
import java.util.OptionalLong;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * How far the live rollups have got, from the processor's stored tokens. The token commits in the
 * same transaction as the rows it covers, so tokens and rows read in one read transaction describe
 * the same moment: the rollups hold exactly the events up to this position.
 */
final class ProjectionPosition {

  private final TrackingTokens tokens;

  ProjectionPosition(TrackingTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * The global position every segment has processed up to (-1: none yet); empty while that is not
   * one position: the processor has not started, its segments stand at different positions, or its
   * token records events still missing below its position.
   */
  OptionalLong read(Connection connection) {
    Long common = null;
    for (SegmentToken segment : tokens.on(connection).segments(RollupTables.PROCESSOR)) {
      OptionalLong position = position(segment.token());
      if (position.isEmpty() || (common != null && common != position.getAsLong())) {
        return OptionalLong.empty();
      }
      common = position.getAsLong();
    }
    return common == null ? OptionalLong.empty() : OptionalLong.of(common);
  }

  private static OptionalLong position(TrackingToken token) {
    if (token == null) {
      return OptionalLong.of(-1);
    }
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
