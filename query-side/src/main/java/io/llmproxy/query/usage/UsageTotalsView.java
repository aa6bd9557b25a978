package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.DecimalText;

/**
 * Totals as the reporting API shows them. The cost is decimal text in US dollars with every digit
 * (e.g. {@code "0.00000555"}): a JSON number would be read as a binary double by most clients and
 * lose the exactness the ledger keeps.
 */
public record UsageTotalsView(
    long requests,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    String cost,
    long unpricedEntries) {

  public static UsageTotalsView of(UsageTotals totals) {
    return new UsageTotalsView(
        totals.requests(),
        totals.promptTokens(),
        totals.completionTokens(),
        totals.totalTokens(),
        totals.cachedTokens(),
        totals.cacheWriteTokens(),
        DecimalText.format(totals.cost()),
        totals.unpricedEntries());
  }
}
