package io.llmproxy.kernel.usage;

import java.math.BigDecimal;

/**
 * Summed usage. {@code requests} counts client requests (entries not followed by a retry); tokens,
 * cost and {@code unpricedEntries} add up every ledger entry, retried attempts included, because
 * each attempt is billed on its own.
 *
 * @param cost exact sum of the entries' costs in US dollars; entries without a price add nothing
 * @param unpricedEntries entries recorded without a cost because their model had no price
 */
public record UsageTotals(
    long requests,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    BigDecimal cost,
    long unpricedEntries) {

  public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0);

  public UsageTotals {
    if (cost == null) {
      throw new IllegalArgumentException("a total cost is zero or more, never absent");
    }
  }

  /**
   * What one ledger entry adds: a request unless another attempt of the same request followed,
   * every token it consumed, and its cost, or one unpriced entry when its model had no price.
   */
  public static UsageTotals of(UsageRecorded entry) {
    TokenUsage usage = entry.usage();
    boolean priced = entry.cost() != null;
    return new UsageTotals(
        entry.retried() ? 0 : 1,
        usage.promptTokens(),
        usage.completionTokens(),
        usage.totalTokens(),
        usage.cachedTokens(),
        usage.cacheWriteTokens(),
        priced ? entry.cost() : BigDecimal.ZERO,
        priced ? 0 : 1);
  }

  /** Exact: counts overflow loudly rather than wrap, and money is never rounded. */
  public UsageTotals plus(UsageTotals other) {
    return new UsageTotals(
        Math.addExact(requests, other.requests),
        Math.addExact(promptTokens, other.promptTokens),
        Math.addExact(completionTokens, other.completionTokens),
        Math.addExact(totalTokens, other.totalTokens),
        Math.addExact(cachedTokens, other.cachedTokens),
        Math.addExact(cacheWriteTokens, other.cacheWriteTokens),
        cost.add(other.cost),
        Math.addExact(unpricedEntries, other.unpricedEntries));
  }
}
