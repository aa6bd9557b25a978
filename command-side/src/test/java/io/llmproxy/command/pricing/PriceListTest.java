package io.llmproxy.command.pricing;

import io.llmproxy.kernel.pricing.ImportModelPrice;
import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.pricing.ModelPriceSet;
import io.llmproxy.kernel.pricing.SetModelPrice;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PriceListTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private AggregateTestFixture<PriceList> fixture;

  private static ModelPrice price(String model, String input, String output) {
    return new ModelPrice(model, new BigDecimal(input), new BigDecimal(output), null, null);
  }

  private static final ModelPrice FIRST = price("gpt-4o", "2.50", "10");
  private static final ModelPrice SECOND = price("gpt-4o", "2.00", "8");

  private static ModelPriceSet imported(ModelPrice price) {
    return new ModelPriceSet("gpt-4o", price, Instant.EPOCH, "gpt-4o#1", "table 2026-01", NOW);
  }

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(PriceList.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void theFirstPriceOfAModelIsItsVersionOneAndIsAnsweredAsRecorded() {
    ModelPriceSet expected = new ModelPriceSet("gpt-4o", FIRST, NOW, "gpt-4o#1", "admin", NOW);
    fixture
        .givenNoPriorActivity()
        .when(SetModelPrice.of(FIRST, NOW))
        .expectEvents(expected)
        .expectResultMessagePayload(expected);
  }

  @Test
  void theModelNameIsNormalizedInTheEventAndTheVersion() {
    ModelPrice shouted = price(" GPT-4o ", "2.50", "10");
    fixture
        .givenNoPriorActivity()
        .when(SetModelPrice.of(shouted, NOW))
        .expectEvents(new ModelPriceSet("gpt-4o", shouted, NOW, "gpt-4o#1", "admin", NOW));
  }

  @Test
  void aLaterPriceCountsTheVersionOnFromTheHistory() {
    Instant from = NOW.plus(Duration.ofHours(1));
    fixture
        .given(imported(FIRST))
        .when(SetModelPrice.of(SECOND, from))
        .expectEvents(new ModelPriceSet("gpt-4o", SECOND, from, "gpt-4o#2", "admin", NOW));
  }

  @Test
  void aPriceCannotTakeEffectInThePast() {
    fixture
        .given(imported(FIRST))
        .when(SetModelPrice.of(SECOND, NOW.minus(PriceList.CLOCK_SKEW).minusSeconds(1)))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage(
            "effective_from cannot be in the past: recorded costs keep the price they were"
                + " computed with")
        .expectNoEvents();
  }

  @Test
  void aMomentAgoWithinTheClockSkewCountsAsNow() {
    Instant from = NOW.minus(PriceList.CLOCK_SKEW);
    fixture
        .given(imported(FIRST))
        .when(SetModelPrice.of(SECOND, from))
        .expectEvents(new ModelPriceSet("gpt-4o", SECOND, from, "gpt-4o#2", "admin", NOW));
  }

  @Test
  void aPriceNeedsAnEffectiveFrom() {
    fixture
        .givenNoPriorActivity()
        .when(SetModelPrice.of(FIRST, null))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void aPriceCannotTakeEffectBeforeTheLatestScheduledOne() {
    Instant scheduled = NOW.plus(Duration.ofDays(7));
    fixture
        .given(new ModelPriceSet("gpt-4o", FIRST, scheduled, "gpt-4o#1", "admin", NOW))
        .when(SetModelPrice.of(SECOND, NOW.plus(Duration.ofDays(1))))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage(
            "effective_from must not be before the latest price's, " + scheduled)
        .expectNoEvents();
  }

  @Test
  void aPriceMayTakeEffectAtTheSameMomentAsTheLatest() {
    Instant scheduled = NOW.plus(Duration.ofDays(7));
    fixture
        .given(new ModelPriceSet("gpt-4o", FIRST, scheduled, "gpt-4o#1", "admin", NOW))
        .when(SetModelPrice.of(SECOND, scheduled))
        .expectEvents(new ModelPriceSet("gpt-4o", SECOND, scheduled, "gpt-4o#2", "admin", NOW));
  }

  @Test
  void importingSeedsAModelWithoutHistoryValidSinceTheBeginningOfTime() {
    fixture
        .givenNoPriorActivity()
        .when(ImportModelPrice.of(FIRST, "2026-01"))
        .expectEvents(imported(FIRST));
  }

  @Test
  void importingAgainAtTheNextStartChangesNothing() {
    fixture
        .given(imported(FIRST))
        .when(ImportModelPrice.of(SECOND, "2026-02"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void importingNeverOverridesAnAdminsPrice() {
    fixture
        .given(new ModelPriceSet("gpt-4o", FIRST, NOW, "gpt-4o#1", "admin", NOW))
        .when(ImportModelPrice.of(SECOND, "2026-02"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }
}
