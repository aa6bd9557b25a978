package io.llmproxy.query.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.support.SqliteJpaConfiguration;
import io.llmproxy.query.support.SqliteReadModels;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
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
 * The usage-rollups projection through real JPA on a real SQLite file, each event handled in a
 * transaction as the processor's batch is.
 */
class UsageRollupProjectionTest {

  private static final Instant TEN_PAST = Instant.parse("2026-03-01T10:10:00Z");
  private static final Instant TWENTY_PAST = Instant.parse("2026-03-01T10:20:00Z");
  private static final Instant NEXT_DAY = Instant.parse("2026-03-02T09:00:00Z");
  private static final long TEN_O_CLOCK = Instant.parse("2026-03-01T10:00:00Z").getEpochSecond();
  private static final long MARCH_1 = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();
  private static final long MARCH_2 = Instant.parse("2026-03-02T00:00:00Z").getEpochSecond();

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

  private static UsageRecorded usage(
      String keyId, String teamId, Instant at, TokenUsage tokens, String cost, boolean retried) {
    return new UsageRecorded(
        "r-" + at,
        keyId,
        "gpt",
        "openai",
        "gpt-4o-mini",
        tokens,
        false,
        UsageOutcome.SUCCESS,
        120,
        at,
        "chat.completions",
        false,
        null,
        cost == null ? null : new BigDecimal(cost),
        "gpt-4o-mini#1",
        teamId,
        1,
        retried);
  }

  /** Handles the events in one transaction, as one batch of the pooled processor. */
  private void batch(UsageRecorded... entries) {
    SqliteReadModels.handleInOneTransaction(transactions, handler, (Object[]) entries);
  }

  private List<Map<String, Object>> rows(String table, String dimensions) {
    return SqliteReadModels.rows(
        jdbc,
        "SELECT "
            + dimensions
            + ", "
            + RollupTables.MEASURES
            + " FROM "
            + table
            + " ORDER BY "
            + dimensions);
  }

  private static String plain(Object decimalText) {
    return new BigDecimal((String) decimalText).stripTrailingZeros().toPlainString();
  }

  @Test
  void entriesOfOneHourAddUpInTheKeysHourlyRowWithExactCost() {
    batch(
        usage("k1", null, TEN_PAST, new TokenUsage(100, 20, 120, 40, 10), "0.000045", false),
        usage("k1", null, TWENTY_PAST, TokenUsage.of(50, 10), "0.0000000000015", false));

    assertThat(rows(RollupTables.KEY_ALIAS_HOURLY, "key_id, alias, hour_start"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row)
                  .containsEntry("key_id", "k1")
                  .containsEntry("hour_start", TEN_O_CLOCK)
                  .containsEntry("requests", 2L)
                  .containsEntry("prompt_tokens", 150L)
                  .containsEntry("completion_tokens", 30L)
                  .containsEntry("total_tokens", 180L)
                  .containsEntry("cached_tokens", 40L)
                  .containsEntry("cache_write_tokens", 10L)
                  .containsEntry("unpriced_entries", 0L);
              assertThat(new BigDecimal((String) row.get("cost")))
                  .isEqualByComparingTo("0.0000450000015");
            });
  }

  @Test
  void rowsAddUpAcrossBatches() {
    batch(usage("k1", null, TEN_PAST, TokenUsage.of(100, 20), "0.000045", false));
    batch(usage("k1", null, TWENTY_PAST, TokenUsage.of(50, 10), "0.0000225", false));

    assertThat(rows(RollupTables.PROVIDER_MODEL_DAILY, "provider, upstream_model, day_start"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row)
                  .containsEntry("day_start", MARCH_1)
                  .containsEntry("requests", 2L)
                  .containsEntry("prompt_tokens", 150L);
              assertThat(new BigDecimal((String) row.get("cost")))
                  .isEqualByComparingTo("0.0000675");
            });
  }

  @Test
  void aTeamsKeyFeedsTheTeamsRowsAndAKeyWithoutATeamDoesNot() {
    batch(
        usage("k1", "team-1", TEN_PAST, TokenUsage.of(10, 1), "0.00001", false),
        usage("k2", "team-1", TEN_PAST, TokenUsage.of(20, 2), "0.00002", false),
        usage("k3", null, TEN_PAST, TokenUsage.of(40, 4), "0.00004", false));

    assertThat(rows(RollupTables.TEAM_ALIAS_DAILY, "team_id, alias, day_start"))
        .extracting(row -> List.of(row.get("team_id"), row.get("requests"), plain(row.get("cost"))))
        .containsExactly(List.of("team-1", 2L, "0.00003"));
    assertThat(
            rows(
                RollupTables.OWNER_MODEL_DAILY,
                "owner_kind, owner_id, provider, upstream_model, day_start"))
        .extracting(
            row -> List.of(row.get("owner_kind"), row.get("owner_id"), row.get("prompt_tokens")))
        .containsExactly(
            List.of(RollupTables.OWNER_KEY, "k1", 10L),
            List.of(RollupTables.OWNER_KEY, "k2", 20L),
            List.of(RollupTables.OWNER_KEY, "k3", 40L),
            List.of(RollupTables.OWNER_TEAM, "team-1", 30L));
  }

  @Test
  void aRetriedAttemptAddsTokensAndCostButNoRequestAndUnpricedEntriesAreCounted() {
    batch(
        usage("k1", null, TEN_PAST, TokenUsage.of(100, 0), "0.00001", true),
        usage("k1", null, TWENTY_PAST, TokenUsage.of(100, 20), null, false));

    assertThat(rows(RollupTables.KEY_ALIAS_HOURLY, "key_id, alias, hour_start"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row)
                  .containsEntry("requests", 1L)
                  .containsEntry("prompt_tokens", 200L)
                  .containsEntry("unpriced_entries", 1L);
              assertThat(new BigDecimal((String) row.get("cost"))).isEqualByComparingTo("0.00001");
            });
  }

  @Test
  void eachDayAndHourHasItsOwnRow() {
    batch(
        usage("k1", null, TEN_PAST, TokenUsage.of(1, 1), "0.000001", false),
        usage("k1", null, NEXT_DAY, TokenUsage.of(2, 2), "0.000002", false));

    assertThat(rows(RollupTables.PROVIDER_MODEL_DAILY, "provider, upstream_model, day_start"))
        .extracting(row -> List.of(row.get("day_start"), row.get("total_tokens")))
        .containsExactly(List.of(MARCH_1, 2L), List.of(MARCH_2, 4L));
    assertThat(rows(RollupTables.KEY_ALIAS_HOURLY, "key_id, alias, hour_start")).hasSize(2);
  }

  @Test
  void aResetEmptiesEveryRollupTable() throws Exception {
    batch(usage("k1", "team-1", TEN_PAST, TokenUsage.of(1, 1), "0.000001", false));

    handler.prepareReset();

    for (String table :
        List.of(
            RollupTables.KEY_ALIAS_HOURLY,
            RollupTables.TEAM_ALIAS_DAILY,
            RollupTables.PROVIDER_MODEL_DAILY,
            RollupTables.OWNER_MODEL_DAILY)) {
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class))
          .as(table)
          .isZero();
    }
  }
}
