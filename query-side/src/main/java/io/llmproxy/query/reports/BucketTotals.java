package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;

/** What one batch adds to a report row; summed in memory, written once per batch. */
final class BucketTotals {

  long requests;
  long promptTokens;
  long completionTokens;
  long totalTokens;
  long cachedTokens;
  long cacheWriteTokens;
  long costPico;
  BigDecimal costRemainder = BigDecimal.ZERO;
  long unpricedEntries;

  void add(UsageRecorded entry, PicoDollars cost) {
    if (!entry.retried()) {
      requests++;
    }
    promptTokens = Math.addExact(promptTokens, entry.usage().promptTokens());
    completionTokens = Math.addExact(completionTokens, entry.usage().completionTokens());
    totalTokens = Math.addExact(totalTokens, entry.usage().totalTokens());
    cachedTokens = Math.addExact(cachedTokens, entry.usage().cachedTokens());
    cacheWriteTokens = Math.addExact(cacheWriteTokens, entry.usage().cacheWriteTokens());
    costPico = Math.addExact(costPico, cost.whole());
    costRemainder = costRemainder.add(cost.remainder());
    if (entry.cost() == null) {
      unpricedEntries++;
    }
  }

  String remainderText() {
    return costRemainder.signum() == 0 ? null : costRemainder.stripTrailingZeros().toPlainString();
  }
}
