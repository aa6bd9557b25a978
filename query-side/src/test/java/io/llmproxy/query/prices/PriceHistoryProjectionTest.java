package io.llmproxy.query.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.pricing.ModelPriceSet;
import io.llmproxy.query.support.SqliteJpaConfiguration;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** The price-history projection through its real repository on a real SQLite file. */
class PriceHistoryProjectionTest {

  private static final Instant SET_AT = Instant.parse("2026-03-01T12:00:00.123456Z");
  private static final Instant NEXT_WEEK = Instant.parse("2026-03-08T00:00:00Z");

  @TempDir static Path folder;

  private AnnotationConfigApplicationContext context;
  private PriceHistoryRepository prices;
  private AnnotationEventHandlerAdapter handler;

  @Configuration
  @EnableJpaRepositories(basePackageClasses = PriceHistoryRepository.class)
  static class JpaOnSqlite extends SqliteJpaConfiguration {

    JpaOnSqlite() {
      super(folder, PriceHistoryEntry.class, "V2_20__price_history.sql");
    }
  }

  @BeforeEach
  void setUp() {
    context = new AnnotationConfigApplicationContext(JpaOnSqlite.class);
    prices = context.getBean(PriceHistoryRepository.class);
    handler = new AnnotationEventHandlerAdapter(new PriceHistoryProjection(prices));
  }

  @AfterEach
  void tearDown() {
    context.close();
  }

  private void handle(ModelPriceSet event) throws Exception {
    handler.handle(GenericEventMessage.asEventMessage(event));
  }

  @Test
  void aPriceIsStoredWithEveryDigitAndReadBackAsSet() throws Exception {
    ModelPrice price =
        new ModelPrice(
            "claude-sonnet-4-5",
            new BigDecimal("3.000000000001"),
            new BigDecimal("15"),
            new BigDecimal("0.30"),
            null);
    handle(
        new ModelPriceSet(
            "claude-sonnet-4-5",
            price,
            Instant.EPOCH,
            "claude-sonnet-4-5#1",
            "table 2026-01",
            SET_AT));

    assertThat(prices.findByModelOrderByEffectiveFromAsc("claude-sonnet-4-5"))
        .extracting(PriceHistoryEntry::view)
        .containsExactly(
            new PriceView(
                "claude-sonnet-4-5",
                new BigDecimal("3.000000000001"),
                new BigDecimal("15"),
                new BigDecimal("0.30"),
                null,
                Instant.EPOCH,
                "claude-sonnet-4-5#1",
                "table 2026-01",
                SET_AT));
  }

  @Test
  void everyPriceOfAModelIsKeptInTheOrderItTakesEffect() throws Exception {
    ModelPrice first = new ModelPrice("gpt-4o", new BigDecimal("2.5"), BigDecimal.TEN, null, null);
    ModelPrice second =
        new ModelPrice("gpt-4o", new BigDecimal("2"), new BigDecimal("8"), null, null);
    handle(new ModelPriceSet("gpt-4o", second, NEXT_WEEK, "gpt-4o#2", "admin", SET_AT));
    handle(new ModelPriceSet("gpt-4o", first, Instant.EPOCH, "gpt-4o#1", "table 1", SET_AT));
    handle(
        new ModelPriceSet(
            "gpt-4o-mini",
            new ModelPrice("gpt-4o-mini", BigDecimal.ONE, BigDecimal.ONE, null, null),
            Instant.EPOCH,
            "gpt-4o-mini#1",
            "table 1",
            SET_AT));

    assertThat(prices.findByModelOrderByEffectiveFromAsc("gpt-4o"))
        .extracting(entry -> entry.view().version(), entry -> entry.view().inputPerMillion())
        .containsExactly(
            tuple("gpt-4o#1", new BigDecimal("2.5")), tuple("gpt-4o#2", new BigDecimal("2")));
  }

  @Test
  void aResetEmptiesTheHistory() throws Exception {
    handle(
        new ModelPriceSet(
            "gpt-4o",
            new ModelPrice("gpt-4o", BigDecimal.ONE, BigDecimal.ONE, null, null),
            Instant.EPOCH,
            "gpt-4o#1",
            "table 1",
            SET_AT));

    handler.prepareReset();

    assertThat(prices.count()).isZero();
  }
}
