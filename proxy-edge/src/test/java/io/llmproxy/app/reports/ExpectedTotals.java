package io.llmproxy.app.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;

/**
 * Totals as the test adds them up from ledger entries, written with the reporting rules once more
 * (a request per entry not followed by a retry; every entry's tokens and cost; an unpriced entry
 * per missing cost), in the form the API prints them.
 */
record ExpectedTotals(
    long requests,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    String cost,
    long unpriced) {

  static final ExpectedTotals ZERO = new ExpectedTotals(0, 0, 0, 0, 0, 0, "0", 0);

  static ExpectedTotals of(UsageRecorded entry) {
    return new ExpectedTotals(
        entry.retried() ? 0 : 1,
        entry.usage().promptTokens(),
        entry.usage().completionTokens(),
        entry.usage().totalTokens(),
        entry.usage().cachedTokens(),
        entry.usage().cacheWriteTokens(),
        plain(entry.cost() == null ? BigDecimal.ZERO : entry.cost()),
        entry.cost() == null ? 1 : 0);
  }

  ExpectedTotals plus(ExpectedTotals other) {
    return new ExpectedTotals(
        requests + other.requests,
        promptTokens + other.promptTokens,
        completionTokens + other.completionTokens,
        totalTokens + other.totalTokens,
        cachedTokens + other.cachedTokens,
        cacheWriteTokens + other.cacheWriteTokens,
        plain(new BigDecimal(cost).add(new BigDecimal(other.cost))),
        unpriced + other.unpriced);
  }

  static ExpectedTotals read(JsonNode totals) {
    return new ExpectedTotals(
        totals.path("requests").asLong(),
        totals.path("prompt_tokens").asLong(),
        totals.path("completion_tokens").asLong(),
        totals.path("total_tokens").asLong(),
        totals.path("cached_tokens").asLong(),
        totals.path("cache_write_tokens").asLong(),
        // compared as text after normalising trailing zeros, so "0.10" and "0.1" are equal
        plain(new BigDecimal(totals.path("cost").asText())),
        totals.path("unpriced_entries").asLong());
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
