package io.llmproxy.kernel.pricing;

import io.llmproxy.kernel.usage.TokenUsage;
import java.math.BigDecimal;

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
   * The exact cost of {@code usage}: tokens times price, divided by a million. Decimal arithmetic
   * throughout, so no rounding happens at all; the result keeps every digit.
   */
  public BigDecimal costOf(TokenUsage usage) {
    BigDecimal input = inputPerMillion.multiply(BigDecimal.valueOf(usage.promptTokens()));
    BigDecimal output = outputPerMillion.multiply(BigDecimal.valueOf(usage.completionTokens()));
    return input.add(output).movePointLeft(PER_MILLION).stripTrailingZeros();
  }

  private static void requireNonNegative(BigDecimal price, String what) {
    if (price == null || price.signum() < 0) {
      throw new IllegalArgumentException("the " + what + " price must be zero or more");
    }
  }
}
