package io.llmproxy.query.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.support.SqliteJpaConfiguration;
import io.llmproxy.query.support.SqliteReadModels;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Summing a processor batch in memory per row gives the rollups, money text included, that handling
 * its entries one by one gives: seeded random entries crowded onto few row keys, in batches of
 * random sizes, on a real SQLite file.
 */
class RollupBatchEquivalenceTest {

  private static final Instant START = Instant.parse("2026-03-01T22:00:00Z");
  private static final String[] KEYS = {"k1", "k2", "k3"};
  private static final String[] TEAMS = {"team-1", "team-2", null};
  private static final String[] ALIASES = {"gpt", "claude"};
  private static final String[] MODELS = {"gpt-4o-mini", "gpt-4o"};

  @TempDir static Path folder;

  private AnnotationConfigApplicationContext context;
  private JdbcTemplate jdbc;
  private TransactionTemplate transactions;
  private AnnotationEventHandlerAdapter handler;

  @Configuration
  static class JpaOnSqlite extends SqliteJpaConfiguration {

    JpaOnSqlite() {
      super(
          folder,
          UsageRollup.class,
          "V2_0__usage_rollups.sql",
          "V2_4__usage_rollups_with_cost.sql");
    }

    @Bean
    UsageRollupProjection projection(PlatformTransactionManager transactionManager) {
      return new UsageRollupProjection(transactionManager);
    }
  }

  @BeforeEach
  void setUp() {
    context = new AnnotationConfigApplicationContext(JpaOnSqlite.class);
    jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    handler = new AnnotationEventHandlerAdapter(context.getBean(UsageRollupProjection.class));
  }

  @AfterEach
  void tearDown() {
    context.close();
  }

  @Test
  void batchesSumToWhatOneByOneSums() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed);
      List<UsageRecorded> entries = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        entries.add(entry(random));
      }

      handler.prepareReset();
      for (UsageRecorded entry : entries) {
        inOneUnitOfWork(List.of(entry));
      }
      Map<String, List<Map<String, Object>>> oneByOne = everyTable();

      handler.prepareReset();
      int from = 0;
      while (from < entries.size()) {
        int to = Math.min(entries.size(), from + 1 + random.nextInt(150));
        inOneUnitOfWork(entries.subList(from, to));
        from = to;
      }

      assertThat(everyTable()).as("seed %d", seed).isEqualTo(oneByOne);
      assertThat(sum(oneByOne.get(RollupTables.PROVIDER_MODEL_DAILY)))
          .as("seed %d: every entry once in the provider table", seed)
          .isEqualTo(
              entries.stream().map(UsageTotals::of).reduce(UsageTotals.ZERO, UsageTotals::plus));
      assertThat(oneByOne.get(RollupTables.OWNER_MODEL_DAILY))
          .as("seed %d crowds rows", seed)
          .hasSizeLessThan(entries.size() / 4);
    }
  }

  /** A processor batch: one transaction, one unit of work in it, committed at the end. */
  private void inOneUnitOfWork(List<UsageRecorded> entries) {
    transactions.executeWithoutResult(
        status -> {
          EventMessage<?> first = GenericEventMessage.asEventMessage(entries.get(0));
          var result =
              DefaultUnitOfWork.startAndGet(first)
                  .executeWithResult(
                      () -> {
                        for (UsageRecorded entry : entries) {
                          handler.handle(GenericEventMessage.asEventMessage(entry));
                        }
                        return null;
                      });
          assertThat(result.isExceptional()).as("%s", result.optionalExceptionResult()).isFalse();
        });
  }

  private Map<String, List<Map<String, Object>>> everyTable() {
    Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    for (RollupTable table : RollupTable.values()) {
      String key = String.join(", ", table.keyColumns);
      tables.put(
          table.name,
          SqliteReadModels.rows(
              jdbc,
              "SELECT "
                  + key
                  + ", "
                  + RollupTables.MEASURES
                  + " FROM "
                  + table.name
                  + " ORDER BY "
                  + key));
    }
    return tables;
  }

  private static UsageTotals sum(List<Map<String, Object>> rows) {
    UsageTotals sum = UsageTotals.ZERO;
    for (Map<String, Object> row : rows) {
      sum =
          sum.plus(
              new UsageTotals(
                  (Long) row.get("requests"),
                  (Long) row.get("prompt_tokens"),
                  (Long) row.get("completion_tokens"),
                  (Long) row.get("total_tokens"),
                  (Long) row.get("cached_tokens"),
                  (Long) row.get("cache_write_tokens"),
                  new BigDecimal((String) row.get("cost")),
                  (Long) row.get("unpriced_entries")));
    }
    return sum;
  }

  private static UsageRecorded entry(Random random) {
    Instant at = START.plus(Duration.ofMinutes(random.nextInt(6 * 60)));
    long prompt = 200 + random.nextInt(5_000);
    long completion = random.nextInt(2_000);
    TokenUsage tokens =
        new TokenUsage(
            prompt, completion, prompt + completion, random.nextInt(100), random.nextInt(10));
    // scales from 0 to 15 places, and unpriced entries
    BigDecimal cost =
        random.nextInt(10) == 0
            ? null
            : BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(16));
    return new UsageRecorded(
        "r-" + random.nextLong(),
        pick(random, KEYS),
        pick(random, ALIASES),
        "openai",
        pick(random, MODELS),
        tokens,
        false,
        UsageOutcome.SUCCESS,
        120,
        at,
        "chat.completions",
        false,
        null,
        cost,
        "price#1",
        pick(random, TEAMS),
        1,
        random.nextInt(20) == 0);
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
