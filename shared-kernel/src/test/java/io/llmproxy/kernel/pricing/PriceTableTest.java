package io.llmproxy.kernel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.usage.TokenUsage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  private final PriceTable bundled = PriceTable.bundledDefault();

  @Test
  void theBundledTableIsVersionedAndPricesCommonModels() {
    assertThat(bundled.version()).isNotBlank();
    assertThat(bundled.find("gpt-4o-mini")).isPresent();
    assertThat(bundled.find("claude-sonnet-4-5")).isPresent();
    assertThat(bundled.find("gemini-2.5-flash")).isPresent();
  }

  @Test
  void aDatedSnapshotTakesTheLongestListedNameItExtends() {
    assertThat(bundled.find("gpt-4o-mini-2024-07-18").orElseThrow().model())
        .isEqualTo("gpt-4o-mini");
    assertThat(bundled.find("gpt-4o-2024-08-06").orElseThrow().model()).isEqualTo("gpt-4o");
    assertThat(bundled.find("GPT-4O").orElseThrow().model()).isEqualTo("gpt-4o");
    assertThat(bundled.find("gpt-4ox")).isEmpty();
    assertThat(bundled.find("llama3")).isEmpty();
  }

  @Test
  void costIsExactWithoutAnyRounding() {
    ModelPrice price =
        new ModelPrice("m", new BigDecimal("0.15"), new BigDecimal("0.60"), null, null);
    assertThat(price.costOf(TokenUsage.of(17, 5))).isEqualByComparingTo("0.00000555");
    assertThat(price.costOf(TokenUsage.of(1, 0)).toPlainString()).isEqualTo("0.00000015");
    // a million requests of one token each add up to exactly the per-million price
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < 1_000_000; i++) {
      total = total.add(price.costOf(TokenUsage.of(1, 0)));
    }
    assertThat(total).isEqualByComparingTo("0.15");
  }

  @Test
  void malformedTablesAreRefused() {
    assertThatThrownBy(() -> parse("model,input\nx,1,2,,\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("version,1\nmodel,input,output,cached_input,cache_write\nx,1\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> parse("version,1\nmodel,input,output,cached_input,cache_write\nx,-1,2,,\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aParsedTableListsEveryPriceItRead() throws IOException {
    PriceTable table =
        parse("version,7\nmodel,input,output,cached_input,cache_write\nx,1,2,0.5,\n");
    assertThat(table.version()).isEqualTo("7");
    assertThat(table.prices())
        .containsExactly(
            new ModelPrice(
                "x", new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("0.5"), null));
  }

  private static PriceTable parse(String csv) throws IOException {
    return PriceTable.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
  }
}
