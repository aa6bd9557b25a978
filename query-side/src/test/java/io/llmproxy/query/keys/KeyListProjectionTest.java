package io.llmproxy.query.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeyRotated;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.query.readmodel.EpochMicros;
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
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The key-list projection through its real repository on a real SQLite file, each event in a
 * transaction as the processor handles it (changes to a row are written by the flush).
 */
class KeyListProjectionTest {

  private static final Instant ISSUED_AT = Instant.parse("2026-03-01T12:00:00.123456Z");
  private static final Instant LATER = Instant.parse("2026-03-02T08:00:00Z");
  private static final Instant LATER_STILL = Instant.parse("2026-03-03T08:00:00Z");

  private static final KeyAttributes TEAM_KEY =
      new KeyAttributes(
          "ci",
          List.of("gpt", "claude"),
          Instant.parse("2027-01-01T00:00:00Z"),
          new RateLimits(60L, 10_000L),
          "alice",
          "team_1",
          new Budget(new BigDecimal("25.0000000001"), BudgetPeriod.DAILY, 90),
          Map.of("env", "prod"));

  @TempDir static Path folder;

  private AnnotationConfigApplicationContext context;
  private JdbcTemplate jdbc;
  private TransactionTemplate transactions;
  private AnnotationEventHandlerAdapter handler;

  @Configuration
  @EnableJpaRepositories(basePackageClasses = KeyListRepository.class)
  static class JpaOnSqlite extends SqliteJpaConfiguration {

    JpaOnSqlite() {
      super(folder, KeyListEntry.class, "V2_1__api_key_list.sql");
    }
  }

  @BeforeEach
  void setUp() {
    context = new AnnotationConfigApplicationContext(JpaOnSqlite.class);
    jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    handler =
        new AnnotationEventHandlerAdapter(
            new KeyListProjection(context.getBean(KeyListRepository.class)));
  }

  @AfterEach
  void tearDown() {
    context.close();
  }

  private void handle(Object... events) {
    for (Object event : events) {
      SqliteReadModels.handleInOneTransaction(transactions, handler, event);
    }
  }

  private Map<String, Object> key() {
    List<Map<String, Object>> rows = SqliteReadModels.rows(jdbc, "SELECT * FROM api_key_list");
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static ApiKeyIssued issued() {
    return new ApiKeyIssued("k1", "hash", "sk-llmp-k1-abcd…", TEAM_KEY, ISSUED_AT);
  }

  @Test
  void anIssuedKeyIsListedActiveWithItsAttributesAndExactBudget() {
    handle(issued());

    Map<String, Object> key = key();
    assertThat(key)
        .containsEntry("key_id", "k1")
        .containsEntry("name", "ci")
        .containsEntry("display_prefix", "sk-llmp-k1-abcd…")
        .containsEntry("status", "active")
        .containsEntry("allowed_models", "[\"gpt\",\"claude\"]")
        .containsEntry("expires_at", EpochMicros.of(Instant.parse("2027-01-01T00:00:00Z")))
        .containsEntry("requests_per_minute", 60L)
        .containsEntry("tokens_per_minute", 10_000L)
        .containsEntry("owner", "alice")
        .containsEntry("team_id", "team_1")
        .containsEntry("budget_period", "daily")
        .containsEntry("budget_alert_at_percent", 90L)
        .containsEntry("metadata", "{\"env\":\"prod\"}")
        .containsEntry("created_at", EpochMicros.of(ISSUED_AT))
        .containsEntry("updated_at", EpochMicros.of(ISSUED_AT))
        .containsEntry("revoked_at", null);
    assertThat(new BigDecimal((String) key.get("budget_limit_usd")))
        .isEqualByComparingTo("25.0000000001");
  }

  @Test
  void anUpdateReplacesTheAttributes() {
    handle(
        issued(),
        new ApiKeyUpdated(
            "k1",
            new KeyAttributes("ci-2", List.of("*"), null, RateLimits.NONE, null, null, null, null),
            LATER));

    assertThat(key())
        .containsEntry("name", "ci-2")
        .containsEntry("allowed_models", "[\"*\"]")
        .containsEntry("expires_at", null)
        .containsEntry("requests_per_minute", null)
        .containsEntry("team_id", null)
        .containsEntry("budget_limit_usd", null)
        .containsEntry("created_at", EpochMicros.of(ISSUED_AT))
        .containsEntry("updated_at", EpochMicros.of(LATER));
  }

  @Test
  void aRotationShowsTheNewPrefixAndHowLongTheOldSecretStillWorks() {
    handle(
        issued(),
        new ApiKeyRotated("k1", "hash-2", "sk-llmp-k1-wxyz…", "hash", LATER_STILL, LATER));

    assertThat(key())
        .containsEntry("display_prefix", "sk-llmp-k1-wxyz…")
        .containsEntry("previous_valid_until", EpochMicros.of(LATER_STILL))
        .containsEntry("last_rotated_at", EpochMicros.of(LATER))
        .containsEntry("updated_at", EpochMicros.of(LATER));
  }

  @Test
  void aSuspendedKeyIsResumed() {
    handle(issued(), new ApiKeySuspended("k1", "audit", LATER));
    assertThat(key()).containsEntry("status", "suspended");

    handle(new ApiKeyResumed("k1", LATER_STILL));
    assertThat(key())
        .containsEntry("status", "active")
        .containsEntry("updated_at", EpochMicros.of(LATER_STILL));
  }

  @Test
  void nothingBringsARevokedKeyBack() {
    handle(
        issued(),
        new ApiKeyRevoked("k1", "leaving", LATER),
        new ApiKeySuspended("k1", "late", LATER_STILL),
        new ApiKeyResumed("k1", LATER_STILL));

    assertThat(key())
        .containsEntry("status", "revoked")
        .containsEntry("revoked_at", EpochMicros.of(LATER))
        .containsEntry("updated_at", EpochMicros.of(LATER));
  }

  @Test
  void anEventForAKeyTheListNeverSawIsABrokenReadModel() {
    assertThatThrownBy(() -> handle(new ApiKeySuspended("k9", "?", LATER)))
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("key list has no row for key k9");
  }

  @Test
  void aResetEmptiesTheList() throws Exception {
    handle(issued());

    handler.prepareReset();

    assertThat(SqliteReadModels.rows(jdbc, "SELECT * FROM api_key_list")).isEmpty();
  }
}
