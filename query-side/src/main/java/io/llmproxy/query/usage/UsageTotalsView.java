package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageSummary;
import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.DecimalText;
import java.util.List;
import java.util.Map;

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

  /** The answer of {@code GET /api/usage/summary}. */
  record Summary(UsageTotalsView totals, List<Group> groups) {

    static Summary of(UsageSummary summary) {
      return new Summary(
          UsageTotalsView.of(summary.totals()),
          summary.groups().stream()
              .map(group -> new Group(group.dimensions(), UsageTotalsView.of(group.totals())))
              .toList());
    }
  }

  record Group(Map<String, String> dimensions, UsageTotalsView totals) {}
}
