package io.llmproxy.kernel.usage;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Totals of recorded usage over {@code [from, to)} (either bound may be null for open) of the
 * entries {@code filter} keeps, optionally grouped; day and hour groups are calendar buckets in
 * {@code zone}.
 */
public record FetchUsageSummary(
    Instant from, Instant to, List<UsageGrouping> groupBy, UsageFilter filter, ZoneId zone) {

  public FetchUsageSummary {
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    filter = filter == null ? UsageFilter.NONE : filter;
    zone = zone == null ? ZoneOffset.UTC : zone;
  }

  public FetchUsageSummary(Instant from, Instant to, List<UsageGrouping> groupBy) {
    this(from, to, groupBy, UsageFilter.NONE, ZoneOffset.UTC);
  }
}
