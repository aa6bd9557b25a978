package io.llmproxy.query.statements;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.DecimalText;

/**
 * One provider's upstream model within a statement. {@code cost} is exact decimal text in US
 * dollars; {@code unpricedRequests} counts the ledger entries recorded without a price (their model
 * had none), which {@code cost} therefore leaves out.
 */
record StatementLine(
    String provider,
    String model,
    long requests,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    String cost,
    long unpricedRequests) {

  static StatementLine of(String provider, String model, UsageTotals totals) {
    return new StatementLine(
        provider,
        model,
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
