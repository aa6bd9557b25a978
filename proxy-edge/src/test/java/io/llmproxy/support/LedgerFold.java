package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ledger entries summed by the test itself, with the reporting rules spelt out once more: a request
 * per entry not followed by a retry, every entry's tokens and cost, an unpriced entry per missing
 * cost. Reports must match it to the last decimal.
 */
public record LedgerFold(
    long entries,
    long requests,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    BigDecimal cost,
    long unpriced) {

  public static LedgerFold of(Collection<UsageRecorded> entries) {
    long requests = 0;
    long prompt = 0;
    long completion = 0;
    long total = 0;
    long cached = 0;
    long cacheWrite = 0;
    BigDecimal cost = BigDecimal.ZERO;
    long unpriced = 0;
    for (UsageRecorded entry : entries) {
      requests += entry.retried() ? 0 : 1;
      prompt += entry.usage().promptTokens();
      completion += entry.usage().completionTokens();
      total += entry.usage().totalTokens();
      cached += entry.usage().cachedTokens();
      cacheWrite += entry.usage().cacheWriteTokens();
      if (entry.cost() == null) {
        unpriced++;
      } else {
        cost = cost.add(entry.cost());
      }
    }
    return new LedgerFold(
        entries.size(), requests, prompt, completion, total, cached, cacheWrite, cost, unpriced);
  }

  /** The exact cost as the API writes it. */
  public String costText() {
    return cost.toPlainString();
  }

  /**
   * The figures as a JSON totals object of the API should show them, as text: the cost digit for
   * digit. {@code unpricedField} names the object's count of unpriced entries (null: it has none).
   */
  public Map<String, String> expected(String unpricedField) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("requests", Long.toString(requests));
    fields.put("prompt_tokens", Long.toString(promptTokens));
    fields.put("completion_tokens", Long.toString(completionTokens));
    fields.put("total_tokens", Long.toString(totalTokens));
    fields.put("cached_tokens", Long.toString(cachedTokens));
    fields.put("cache_write_tokens", Long.toString(cacheWriteTokens));
    fields.put("cost", costText());
    if (unpricedField != null) {
      fields.put(unpricedField, Long.toString(unpriced));
    }
    return fields;
  }

  /** The same fields read from {@code totals}, for comparison with {@link #expected}. */
  public static Map<String, String> actual(JsonNode totals, String unpricedField) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String name :
        List.of(
            "requests",
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
            "cached_tokens",
            "cache_write_tokens",
            "cost")) {
      fields.put(name, totals.path(name).asText());
    }
    if (unpricedField != null) {
      fields.put(unpricedField, totals.path(unpricedField).asText());
    }
    return fields;
  }
}
