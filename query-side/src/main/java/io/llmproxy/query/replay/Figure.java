package io.llmproxy.query.replay;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.DecimalText;
import java.util.function.Function;

/** The compared figures of a rollup row, named as its columns. */
enum Figure {
  REQUESTS("requests", UsageTotals::requests),
  PROMPT_TOKENS("prompt_tokens", UsageTotals::promptTokens),
  COMPLETION_TOKENS("completion_tokens", UsageTotals::completionTokens),
  TOTAL_TOKENS("total_tokens", UsageTotals::totalTokens),
  CACHED_TOKENS("cached_tokens", UsageTotals::cachedTokens),
  CACHE_WRITE_TOKENS("cache_write_tokens", UsageTotals::cacheWriteTokens),
  COST("cost", totals -> DecimalText.format(totals.cost())),
  UNPRICED_ENTRIES("unpriced_entries", UsageTotals::unpricedEntries);

  final String column;
  private final Function<UsageTotals, Object> value;

  Figure(String column, Function<UsageTotals, Object> value) {
    this.column = column;
    this.value = value;
  }

  Object of(UsageTotals totals) {
    return totals == null ? null : value.apply(totals);
  }

  /** Money is equal by value: {@code 0.10} and {@code 0.1} are the same amount. */
  boolean differs(UsageTotals ledger, UsageTotals readModel) {
    if (this == COST) {
      return ledger.cost().compareTo(readModel.cost()) != 0;
    }
    return !of(ledger).equals(of(readModel));
  }
}
