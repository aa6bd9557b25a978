package io.llmproxy.query.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.pricing.FetchCurrentPrices;
import io.llmproxy.kernel.pricing.FindPriceHistory;
import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.pricing.ModelPriceSet;
import io.llmproxy.query.support.SqliteJpaConfiguration;
import io.llmproxy.query.web.LocalQueries;
import io.llmproxy.query.web.QueryDispatcher;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** The price history's query handlers, asked through an Axon query bus, on a real SQLite file. */
class PriceHistoryQueriesTest {

  private static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");
  private static final Instant LAST_WEEK = Instant.parse("2026-02-26T00:00:00Z");
  private static final Instant NEXT_WEEK = Instant.parse("2026-03-12T00:00:00Z");

  @TempDir static Path folder;

  private AnnotationConfigApplicationContext context;
  private AnnotationEventHandlerAdapter projection;
  private QueryDispatcher queries;

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
    PriceHistoryRepository prices = context.getBean(PriceHistoryRepository.class);
    projection = new AnnotationEventHandlerAdapter(new PriceHistoryProjection(prices));
    queries = LocalQueries.of(new PriceHistoryQueries(prices, Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @AfterEach
  void tearDown() {
    context.close();
  }

  private void price(String model, String input, Instant from) throws Exception {
    var price = new ModelPrice(model, new BigDecimal(input), BigDecimal.TEN, null, null);
    projection.handle(
        GenericEventMessage.asEventMessage(
            new ModelPriceSet(model, price, from, model + "@" + from, "table", LAST_WEEK)));
  }

  @Test
  void eachModelShowsThePriceInForceNowAndThoseScheduledAfterIt() throws Exception {
    price("gpt-4o", "2.5", Instant.EPOCH);
    price("gpt-4o", "2", LAST_WEEK);
    price("gpt-4o", "1.5", NEXT_WEEK);
    price("claude", "3", NEXT_WEEK);

    List<ModelPrices> current = queries.many(new FetchCurrentPrices(), ModelPrices.class).block();

    assertThat(current).extracting(ModelPrices::model).containsExactly("claude", "gpt-4o");
    assertThat(current.get(0).current()).isNull();
    assertThat(current.get(0).scheduled())
        .extracting(PriceView::effectiveFrom)
        .containsExactly(NEXT_WEEK);
    assertThat(current.get(1).current().inputPerMillion()).isEqualByComparingTo("2");
    assertThat(current.get(1).scheduled())
        .extracting(PriceView::inputPerMillion)
        .containsExactly(new BigDecimal("1.5"));
  }

  @Test
  void aModelsHistoryIsFoundWhateverTheCaseOfItsNameAndIsEmptyForAnUnpricedOne() throws Exception {
    price("gpt-4o", "2", LAST_WEEK);
    price("gpt-4o", "2.5", Instant.EPOCH);

    assertThat(queries.many(new FindPriceHistory("GPT-4o"), PriceView.class).block())
        .extracting(PriceView::effectiveFrom)
        .containsExactly(Instant.EPOCH, LAST_WEEK);
    assertThat(queries.many(new FindPriceHistory("never-priced"), PriceView.class).block())
        .isEmpty();
  }
}
