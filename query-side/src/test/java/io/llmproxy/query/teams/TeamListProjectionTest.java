package io.llmproxy.query.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.kernel.teams.TeamCreated;
import io.llmproxy.kernel.teams.TeamUpdated;
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
 * The team-list projection through its real repository on a real SQLite file, each event in a
 * transaction as the processor handles it (an update is written by the transaction's flush).
 */
class TeamListProjectionTest {

  private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456Z");
  private static final Instant UPDATED = Instant.parse("2026-03-02T08:30:00Z");

  @TempDir static Path folder;

  private AnnotationConfigApplicationContext context;
  private JdbcTemplate jdbc;
  private TransactionTemplate transactions;
  private AnnotationEventHandlerAdapter handler;

  @Configuration
  @EnableJpaRepositories(basePackageClasses = TeamListRepository.class)
  static class JpaOnSqlite extends SqliteJpaConfiguration {

    JpaOnSqlite() {
      super(folder, TeamListEntry.class, "V2_2__team_list.sql");
    }
  }

  @BeforeEach
  void setUp() {
    context = new AnnotationConfigApplicationContext(JpaOnSqlite.class);
    jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    handler =
        new AnnotationEventHandlerAdapter(
            new TeamListProjection(context.getBean(TeamListRepository.class)));
  }

  @AfterEach
  void tearDown() {
    context.close();
  }

  private void handle(Object event) {
    SqliteReadModels.handleInOneTransaction(transactions, handler, event);
  }

  private List<Map<String, Object>> teams() {
    return SqliteReadModels.rows(jdbc, "SELECT * FROM team_list ORDER BY team_id");
  }

  private static final TeamAttributes RESEARCH =
      new TeamAttributes(
          "research",
          new RateLimits(600L, 100_000L),
          new RateLimits(60L, null),
          new Budget(new BigDecimal("1250.0000000001"), BudgetPeriod.MONTHLY, 80));

  @Test
  void aNewTeamIsListedWithItsLimitsAndItsExactBudget() {
    handle(new TeamCreated("team_1", RESEARCH, CREATED));

    assertThat(teams())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row)
                  .containsEntry("team_id", "team_1")
                  .containsEntry("name", "research")
                  .containsEntry("requests_per_minute", 600L)
                  .containsEntry("tokens_per_minute", 100_000L)
                  .containsEntry("key_requests_per_minute", 60L)
                  .containsEntry("key_tokens_per_minute", null)
                  .containsEntry("budget_alert_at_percent", 80L)
                  .containsEntry("created_at", EpochMicros.of(CREATED))
                  .containsEntry("updated_at", EpochMicros.of(CREATED));
              assertThat(new BigDecimal((String) row.get("budget_limit_usd")))
                  .isEqualByComparingTo("1250.0000000001");
              assertThat((String) row.get("budget_period")).isEqualToIgnoringCase("monthly");
            });
  }

  @Test
  void anUpdateReplacesEveryAttributeAndKeepsTheCreationTime() {
    handle(new TeamCreated("team_1", RESEARCH, CREATED));

    handle(
        new TeamUpdated(
            "team_1",
            new TeamAttributes("research-eu", RateLimits.NONE, RateLimits.NONE, null),
            UPDATED));

    assertThat(teams())
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsEntry("name", "research-eu")
                    .containsEntry("requests_per_minute", null)
                    .containsEntry("key_requests_per_minute", null)
                    .containsEntry("budget_limit_usd", null)
                    .containsEntry("budget_period", null)
                    .containsEntry("budget_alert_at_percent", null)
                    .containsEntry("created_at", EpochMicros.of(CREATED))
                    .containsEntry("updated_at", EpochMicros.of(UPDATED)));
  }

  @Test
  void anUpdateOfATeamTheListNeverSawIsABrokenReadModel() {
    assertThatThrownBy(() -> handle(new TeamUpdated("team_9", RESEARCH, UPDATED)))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .rootCause()
        .hasMessage("team list has no row for team_9");
    assertThat(teams()).isEmpty();
  }

  @Test
  void aResetEmptiesTheList() throws Exception {
    handle(new TeamCreated("team_1", RESEARCH, CREATED));

    handler.prepareReset();

    assertThat(teams()).isEmpty();
  }
}
