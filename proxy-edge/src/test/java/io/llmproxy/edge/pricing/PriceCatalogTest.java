package io.llmproxy.edge.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.pricing.ModelPriceSet;
import io.llmproxy.kernel.usage.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which price a request is costed with: the one in force when it was made, and its version. */
class PriceCatalogTest {

  private static final Instant JANUARY = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  private static final TokenUsage MILLION_EACH = TokenUsage.of(1_000_000, 1_000_000);

  private final PriceCatalog catalog = new PriceCatalog();

  @Test
  void readsPriceListEvents() {
    assertThat(catalog.aggregateTypes()).containsExactly(AggregateTypes.PRICE_LIST);
  }

  @Test
  void beforeAnyPriceEventTheBundledTableAnswersAsItsImportWillRecord() {
    ModelPriceSet price = catalog.priceAt("GPT-4o-2024-08-06", MARCH).orElseThrow();

    assertThat(price.model()).isEqualTo("gpt-4o");
    assertThat(price.version()).isEqualTo("gpt-4o#1");
    assertThat(price.source()).isEqualTo("table 2026-11-01");
    assertThat(price.effectiveFrom()).isEqualTo(Instant.EPOCH);
    assertThat(price.setAt()).isEqualTo(Instant.EPOCH);
    assertThat(price.price().inputPerMillion()).isEqualByComparingTo("2.50");
    assertCost(catalog.cost("gpt-4o", MILLION_EACH, MARCH), "12.5", "gpt-4o#1");
    assertThat(catalog.priceAt("no-such-model", MARCH)).isEmpty();
    assertThat(catalog.cost("no-such-model", MILLION_EACH, MARCH)).isEmpty();
  }

  @Test
  void onceEventsArriveTheyAloneAnswer() {
    catalog.on(priced("gpt-4o", "3", "12", JANUARY, "gpt-4o#2"));

    assertThat(catalog.priceAt("claude-sonnet-4-5", MARCH)).isEmpty();
    assertCost(catalog.cost("gpt-4o", MILLION_EACH, MARCH), "15", "gpt-4o#2");
  }

  @Test
  void thePriceInForceIsTheLatestThatTookEffectByThen() {
    // delivered out of order: the history is kept in effective order whatever the order of events
    catalog.on(priced("gpt-4o", "4", "16", MARCH, "gpt-4o#2"));
    catalog.on(priced("gpt-4o", "2", "8", JANUARY, "gpt-4o#1"));

    assertThat(catalog.priceAt("gpt-4o", JANUARY.minusNanos(1))).isEmpty();
    assertThat(versionAt(JANUARY)).isEqualTo("gpt-4o#1");
    assertThat(versionAt(MARCH.minusNanos(1))).isEqualTo("gpt-4o#1");
    assertThat(versionAt(MARCH)).isEqualTo("gpt-4o#2");
    assertThat(versionAt(MARCH.plusSeconds(86_400))).isEqualTo("gpt-4o#2");
    assertCost(catalog.cost("gpt-4o", MILLION_EACH, MARCH.minusNanos(1)), "10", "gpt-4o#1");
  }

  @Test
  void aReplayedVersionChangesNothing() {
    catalog.on(priced("gpt-4o", "2", "8", JANUARY, "gpt-4o#1"));
    catalog.on(priced("gpt-4o", "9", "9", MARCH, "gpt-4o#1"));

    assertCost(catalog.cost("gpt-4o", MILLION_EACH, MARCH), "10", "gpt-4o#1");
  }

  @Test
  void theLongestListedNameThatADeploymentExtendsPricesIt() {
    catalog.on(priced("gpt-4o", "2", "8", JANUARY, "gpt-4o#1"));
    catalog.on(priced("gpt-4o-mini", "0.15", "0.6", JANUARY, "gpt-4o-mini#1"));

    assertThat(versionAt("gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini#1");
    assertThat(versionAt("gpt-4o-2024-08-06")).isEqualTo("gpt-4o#1");
    assertThat(catalog.priceAt("gpt-4", MARCH)).isEmpty();
    assertThat(catalog.priceAt(null, MARCH)).isEmpty();
  }

  private static void assertCost(
      Optional<PriceCatalog.Cost> cost, String amount, String priceVersion) {
    assertThat(cost).isPresent();
    assertThat(cost.get().amount()).isEqualByComparingTo(amount);
    assertThat(cost.get().priceVersion()).isEqualTo(priceVersion);
  }

  private String versionAt(Instant at) {
    return catalog.priceAt("gpt-4o", at).orElseThrow().version();
  }

  private String versionAt(String model) {
    return catalog.priceAt(model, MARCH).orElseThrow().version();
  }

  private static ModelPriceSet priced(
      String model, String input, String output, Instant from, String version) {
    return new ModelPriceSet(
        model,
        new ModelPrice(model, new BigDecimal(input), new BigDecimal(output), null, null),
        from,
        version,
        "admin",
        from);
  }
}
