package io.llmproxy.kernel.usage;

import java.time.Instant;
import java.util.List;

/**
 * Totals of recorded usage over {@code [from, to)} (either bound may be null for open), optionally
 * grouped by {@code key} and/or {@code alias}.
 */
public record FetchUsageSummary(Instant from, Instant to, List<UsageGrouping> groupBy) {

  public FetchUsageSummary {
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
  }
}
