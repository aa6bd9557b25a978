package io.llmproxy.kernel.pricing;

import io.llmproxy.kernel.usage.TokenUsage;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What one model costs, in US dollars per million tokens. Cached-input and cache-write prices are
 * null where the provider has none.
 */
public record ModelPrice(
    String model,
    BigDecimal inputPerMillion,
    BigDecimal outputPerMillion,
    BigDecimal cachedInputPerMillion,
    BigDecimal cacheWritePerMillion) {

  private static final int PER_MILLION = 6;

  public ModelPrice {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a price needs a model name");
    }
    requireNonNegative(inputPerMillion, "input");
    requireNonNegative(outputPerMillion, "output");
    if (cachedInputPerMillion != null) {
      requireNonNegative(cachedInputPerMillion, "cached input");
    }
    if (cacheWritePerMillion != null) {
      requireNonNegative(cacheWritePerMillion, "cache write");
    }
  }

  /**
   * The exact cost of {@code usage}: each kind of token times its price, divided by a million.
   * Prompt tokens read from the provider's cache are billed at the cached-input price and tokens
   * written to it at the cache-write price, where the model has those prices (else at the input
   * price). Decimal arithmetic throughout, so no rounding happens at all; the result keeps every
   * digit.
   */
  public BigDecimal costOf(TokenUsage usage) {
    BigDecimal uncached = times(inputPerMillion, usage.uncachedPromptTokens());
    BigDecimal cached = times(orInput(cachedInputPerMillion), usage.cachedTokens());
    BigDecimal written = times(orInput(cacheWritePerMillion), usage.cacheWriteTokens());
    BigDecimal output = times(outputPerMillion, usage.completionTokens());
    return uncached
        .add(cached)
        .add(written)
        .add(output)
        .movePointLeft(PER_MILLION)
        .stripTrailingZeros();
  }

  /**
   * The most {@code usage} can cost on this model: as {@link #costOf}, with every prompt token at
   * the dearest of the input prices, for reserving a budget before the real figures are known.
   */
  public BigDecimal maximumCostOf(long promptTokens, long completionTokens) {
    return maximumCostOf(BigInteger.valueOf(promptTokens), BigInteger.valueOf(completionTokens));
  }

  /**
   * As {@link #maximumCostOf(long, long)}, for token counts computed from client numbers (output
   * limit × choices), which no {@code long} is guaranteed to hold.
   *
   * @throws IllegalArgumentException for a negative count, which would reserve less than nothing
   */
  public BigDecimal maximumCostOf(BigInteger promptTokens, BigInteger completionTokens) {
    if (promptTokens.signum() < 0 || completionTokens.signum() < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
    BigDecimal dearestInput =
        inputPerMillion.max(orInput(cachedInputPerMillion)).max(orInput(cacheWritePerMillion));
    return dearestInput
        .multiply(new BigDecimal(promptTokens))
        .add(outputPerMillion.multiply(new BigDecimal(completionTokens)))
        .movePointLeft(PER_MILLION)
        .stripTrailingZeros();
  }

  private BigDecimal orInput(BigDecimal price) {
    return price == null ? inputPerMillion : price;
  }

  private static BigDecimal times(BigDecimal price, long tokens) {
    return price.multiply(BigDecimal.valueOf(tokens));
  }

  private static void requireNonNegative(BigDecimal price, String what) {
    if (price == null || price.signum() < 0) {
      throw new IllegalArgumentException("the " + what + " price must be zero or more");
    }
  }
}
