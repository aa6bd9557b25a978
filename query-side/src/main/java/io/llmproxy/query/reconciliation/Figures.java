package io.llmproxy.query.reconciliation;

import java.math.BigDecimal;

/**
 * Usage of one model on one day, on either side of a comparison. Input tokens count every input
 * token, cached or not, as OpenAI and the ledger do; the two cache figures are parts of them.
 *
 * @param cost exact US dollars
 */
record Figures(
    long requests,
    long inputTokens,
    long outputTokens,
    long cachedTokens,
    long cacheWriteTokens,
    BigDecimal cost) {

  static final Figures ZERO = new Figures(0, 0, 0, 0, 0, BigDecimal.ZERO);

  Figures {
    if (cost == null) {
      throw new IllegalArgumentException("cost cannot be null; use zero");
    }
  }

  Figures plus(Figures other) {
    return new Figures(
        requests + other.requests,
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedTokens + other.cachedTokens,
        cacheWriteTokens + other.cacheWriteTokens,
        cost.add(other.cost));
  }

  BigDecimal value(Field field) {
    return switch (field) {
      case REQUESTS -> BigDecimal.valueOf(requests);
      case INPUT_TOKENS -> BigDecimal.valueOf(inputTokens);
      case OUTPUT_TOKENS -> BigDecimal.valueOf(outputTokens);
      case CACHED_TOKENS -> BigDecimal.valueOf(cachedTokens);
      case CACHE_WRITE_TOKENS -> BigDecimal.valueOf(cacheWriteTokens);
      case COST -> cost;
    };
  }

  boolean isZero() {
    return requests == 0
        && inputTokens == 0
        && outputTokens == 0
        && cachedTokens == 0
        && cacheWriteTokens == 0
        && cost.signum() == 0;
  }
}
