package io.llmproxy.query.replay;

import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.kernel.usage.UsageTotals;
import java.math.BigDecimal;

/**
 * A running sum of ledger entries, kept apart from the projection's arithmetic on purpose (see
 * {@link ReplayTable}): a request is counted at its entry that was not retried; tokens and cost add
 * for every entry; an entry without a cost counts as unpriced.
 */
final class Tally {

  private long entries;
  private long requests;
  private long promptTokens;
  private long completionTokens;
  private long totalTokens;
  private long cachedTokens;
  private long cacheWriteTokens;
  private BigDecimal cost = BigDecimal.ZERO;
  private long unpriced;

  void add(UsageRecorded entry) {
    entries++;
    if (!entry.retried()) {
      requests++;
    }
    promptTokens += entry.usage().promptTokens();
    completionTokens += entry.usage().completionTokens();
    totalTokens += entry.usage().totalTokens();
    cachedTokens += entry.usage().cachedTokens();
    cacheWriteTokens += entry.usage().cacheWriteTokens();
    if (entry.cost() == null) {
      unpriced++;
    } else {
      cost = cost.add(entry.cost());
    }
  }

  long entries() {
    return entries;
  }

  UsageTotals totals() {
    return new UsageTotals(
        requests,
        promptTokens,
        completionTokens,
        totalTokens,
        cachedTokens,
        cacheWriteTokens,
        cost,
        unpriced);
  }
}
