package io.llmproxy.kernel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.usage.TokenUsage;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ModelPriceTest {

  /** claude-sonnet-like: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million. */
  private static final ModelPrice SONNET =
      new ModelPrice(
          "sonnet",
          new BigDecimal("3"),
          new BigDecimal("15"),
          new BigDecimal("0.30"),
          new BigDecimal("3.75"));

  @Test
  void cachedAndCacheWriteTokensAreBilledAtTheirOwnPrices() {
    // 1,000 uncached + 2,000 read + 500 written = 3,500 prompt tokens, 100 out
    var usage = new TokenUsage(3_500, 100, 3_600, 2_000, 500);
    // 1000*3 + 2000*0.30 + 500*3.75 + 100*15 = 3000 + 600 + 1875 + 1500 = 6975 per million
    assertThat(SONNET.costOf(usage)).isEqualByComparingTo("0.006975");
  }

  @Test
  void aModelWithoutCachePricesBillsCachedTokensAtTheInputPrice() {
    var plain = new ModelPrice("m", new BigDecimal("0.15"), new BigDecimal("0.60"), null, null);
    var usage = new TokenUsage(1_000, 0, 1_000, 400, 100);
    assertThat(plain.costOf(usage)).isEqualByComparingTo(plain.costOf(TokenUsage.of(1_000, 0)));
  }

  @Test
  void theMaximumUsesTheDearestInputPriceAndNeverUndercutsTheActualCost() {
    var usage = new TokenUsage(3_500, 100, 3_600, 2_000, 500);
    assertThat(SONNET.maximumCostOf(3_500, 100)).isGreaterThanOrEqualTo(SONNET.costOf(usage));
    // every prompt token at the 3.75 cache-write price
    assertThat(SONNET.maximumCostOf(3_500, 100)).isEqualByComparingTo("0.0146250");
  }

  @Test
  void costsKeepEveryDigit() {
    var tiny = new ModelPrice("t", new BigDecimal("0.000001"), BigDecimal.ZERO, null, null);
    assertThat(tiny.costOf(TokenUsage.of(1, 0)).toPlainString()).isEqualTo("0.000000000001");
  }

  @Test
  void theMaximumOfTokenCountsBeyondALongIsExact() {
    // 2^62 tokens per choice × 2 choices: a long wraps to -2^63, the reservation to $0
    BigInteger output = BigInteger.TWO.pow(62).multiply(BigInteger.TWO);
    var mini = new ModelPrice("mini", new BigDecimal("0.15"), new BigDecimal("0.60"), null, null);
    assertThat(mini.maximumCostOf(BigInteger.TEN, output))
        .isEqualByComparingTo(
            new BigDecimal(output)
                .multiply(new BigDecimal("0.60"))
                .add(new BigDecimal("1.5"))
                .movePointLeft(6));
    assertThat(mini.maximumCostOf(BigInteger.ZERO, output)).isGreaterThan(new BigDecimal("5e12"));
  }

  @Test
  void aNegativeTokenCountHasNoMaximum() {
    var mini = new ModelPrice("mini", new BigDecimal("0.15"), new BigDecimal("0.60"), null, null);
    assertThatThrownBy(() -> mini.maximumCostOf(BigInteger.ONE, BigInteger.valueOf(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> mini.maximumCostOf(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyNegativePriceIsRefused() {
    var minus = new BigDecimal("-0.01");
    var one = BigDecimal.ONE;
    assertThatThrownBy(() -> new ModelPrice("m", minus, one, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ModelPrice("m", one, minus, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ModelPrice("m", one, one, minus, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ModelPrice("m", one, one, null, minus))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroTokensHaveAZeroMaximum() {
    assertThat(SONNET.maximumCostOf(0, 0)).isEqualByComparingTo("0");
    assertThat(SONNET.maximumCostOf(BigInteger.ZERO, BigInteger.ONE))
        .isEqualByComparingTo("0.000015");
    assertThat(SONNET.maximumCostOf(BigInteger.ONE, BigInteger.ZERO))
        .isEqualByComparingTo("0.00000375");
  }

  @Test
  void commandsAddressThePriceListOfTheNormalizedModel() {
    var price = new ModelPrice(" GPT-4o ", BigDecimal.ONE, BigDecimal.ONE, null, null);
    assertThat(PriceLists.idOf(" GPT-4o ")).isEqualTo("price-gpt-4o");
    assertThat(SetModelPrice.of(price, java.time.Instant.EPOCH).priceListId())
        .isEqualTo("price-gpt-4o");
    assertThat(ImportModelPrice.of(price, "2026-01").priceListId()).isEqualTo("price-gpt-4o");
  }
}
