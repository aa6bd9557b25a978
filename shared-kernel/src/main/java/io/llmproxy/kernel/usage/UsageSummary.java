package io.llmproxy.kernel.usage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answer to {@link FetchUsageSummary}: overall totals and, when grouped, one row per group. */
public record UsageSummary(UsageTotals totals, List<Group> groups) {

  public UsageSummary {
    groups = List.copyOf(groups);
  }

  /** A group's dimension values (e.g. {@code key -> k1, alias -> gpt}) and its totals. */
  public record Group(Map<String, String> dimensions, UsageTotals totals) {
    public Group {
      dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    }
  }
}
