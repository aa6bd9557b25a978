package io.llmproxy.kernel.usage;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Usage per hour or per calendar day of {@code zone} over {@code [from, to)}, every bucket present
 * (zero where nothing was recorded), for the entries {@code filter} keeps. Open bounds extend to
 * the first and last bucket with usage.
 */
public record FetchUsageTimeSeries(
    Instant from, Instant to, UsageGrouping interval, UsageFilter filter, ZoneId zone) {

  public FetchUsageTimeSeries {
    if (interval != UsageGrouping.DAY && interval != UsageGrouping.HOUR) {
      throw new IllegalArgumentException("a time series is by day or by hour");
    }
    filter = filter == null ? UsageFilter.NONE : filter;
    zone = zone == null ? ZoneOffset.UTC : zone;
  }
}
