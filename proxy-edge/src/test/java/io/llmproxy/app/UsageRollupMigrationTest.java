package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.sqlite.SQLiteDataSource;

/** Upgrading a data folder whose hourly rollups predate costs keeps what they hold. */
class UsageRollupMigrationTest {

  @TempDir Path dataDir;

  @Test
  void existingHourlyRowsKeepTheirCountsAndGetZeroForTheNewFigures() {
    SQLiteDataSource database = new SQLiteDataSource();
    database.setUrl("jdbc:sqlite:" + dataDir.resolve("llm-proxy.db"));
    JdbcTemplate jdbc = new JdbcTemplate(database);
    migrate(database, "2.3");
    jdbc.update(
        "INSERT INTO usage_hourly_by_key_alias (key_id, alias, hour_start, requests,"
            + " prompt_tokens, completion_tokens, total_tokens) VALUES ('k1', 'gpt', 3600, 7, 70, 30, 100)");

    migrate(database, "latest");

    assertThat(jdbc.queryForMap("SELECT * FROM usage_hourly_by_key_alias"))
        .containsAllEntriesOf(
            Map.of(
                "key_id", "k1",
                "requests", 7,
                "prompt_tokens", 70,
                "total_tokens", 100,
                "cached_tokens", 0,
                "cache_write_tokens", 0,
                "cost", "0",
                "unpriced_entries", 0));
    assertThat(
            jdbc.queryForObject("SELECT count(*) FROM usage_daily_by_owner_model", Integer.class))
        .isZero();
  }

  private static void migrate(SQLiteDataSource database, String target) {
    Flyway.configure()
        .dataSource(database)
        .locations("classpath:db/migration", "classpath:db/vendor/sqlite")
        .outOfOrder(true)
        .target(target)
        .load()
        .migrate();
  }
}
