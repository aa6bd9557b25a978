package io.llmproxy.kernel.usage;

import java.time.OffsetDateTime;
import java.util.List;

/** Answer to {@link FetchUsageTimeSeries}: one point per bucket, oldest first. */
public record UsageTimeSeries(List<Point> points) {

  public UsageTimeSeries {
    points = List.copyOf(points);
  }

  /** A bucket starting at {@code start} (in the report's zone) and its totals. */
  public record Point(OffsetDateTime start, UsageTotals totals) {}
}
