package io.llmproxy.query.reports;

import static io.llmproxy.query.reports.ReportTablesFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.query.readmodel.BudgetView;
import io.llmproxy.query.readmodel.SpendView;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budget-period spend read from report tables that the projection wrote to real SQLite. */
class BudgetSpendTest {

  private static final Instant NOW = Instant.parse("2026-03-18T12:00:00Z");

  @TempDir Path folder;

  private ReportTablesFixture tables;

  @BeforeEach
  void setUp() throws Exception {
    tables = new ReportTablesFixture(folder);
    tables.record(
        1,
        entry("r1", "k1", "team-1", "fast", Instant.parse("2026-02-28T23:00:00Z"), "1.5"),
        entry("r2", "k1", "team-1", "fast", Instant.parse("2026-03-01T10:10:00Z"), "0.000045"),
        entry("r3", "k1", "team-1", "fast", Instant.parse("2026-03-17T09:00:00Z"), "0.00002"),
        entry("r3b", "k1", "team-1", "fast", Instant.parse("2026-03-17T18:45:00Z"), "0.00001"),
        entry("r4", "k1", "team-1", "fast", Instant.parse("2026-03-17T23:10:00Z"), "0.000003"),
        entry("r5", "k1", "team-1", "fast", Instant.parse("2026-03-18T00:30:00Z"), "0.000001"),
        entry("r6", "k2", null, "fast", Instant.parse("2026-03-18T01:00:00Z"), null));
  }

  @Test
  void aMonthlyBudgetCountsTheMonthsSpendAgainstItsLimit() {
    var spend = spend(ZoneOffset.UTC, BudgetSpend.Owner.KEY, "k1", budget("0.0001", "monthly"));

    assertThat(spend.get("k1"))
        .isEqualTo(
            new SpendView(
                "monthly",
                Instant.parse("2026-03-01T00:00:00Z"),
                "0.000079",
                new BigDecimal("0.0001"),
                new BigDecimal("79.00")));
  }

  @Test
  void aKeyWithoutABudgetShowsItsMonthsSpendWithoutAPercentage() {
    var spend = spend(ZoneOffset.UTC, BudgetSpend.Owner.KEY, "k2", null);

    assertThat(spend.get("k2"))
        .isEqualTo(
            new SpendView("monthly", Instant.parse("2026-03-01T00:00:00Z"), "0", null, null));
  }

  @Test
  void aLifetimeBudgetCountsEverythingEverSpent() {
    var spend = spend(ZoneOffset.UTC, BudgetSpend.Owner.TEAM, "team-1", budget("3", "lifetime"));

    assertThat(spend.get("team-1").cost()).isEqualTo("1.500079");
    assertThat(spend.get("team-1").percent()).isEqualByComparingTo("50.00");
    assertThat(spend.get("team-1").periodStart()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void aDayOfAZoneWholeHoursFromUtcIsSummedFromItsHours() {
    // Berlin's 18 March starts at 23:00 UTC on the 17th: r4 and r5, not r3
    var spend =
        spend(ZoneId.of("Europe/Berlin"), BudgetSpend.Owner.KEY, "k1", budget("1", "daily"));

    assertThat(spend.get("k1").cost()).isEqualTo("0.000004");
    assertThat(spend.get("k1").periodStart()).isEqualTo(Instant.parse("2026-03-17T23:00:00Z"));
    assertThat(
            spend(ZoneOffset.UTC, BudgetSpend.Owner.KEY, "k1", budget("1", "daily"))
                .get("k1")
                .cost())
        .isEqualTo("0.000001");
  }

  @Test
  void aDayStartingInsideAUtcHourIsSummedFromTheRequestLog() {
    // Kolkata's 18 March starts at 18:30 UTC on the 17th: r3b at 18:45 counts, its hour does not
    var spend = spend(ZoneId.of("Asia/Kolkata"), BudgetSpend.Owner.KEY, "k1", budget("1", "daily"));

    assertThat(spend.get("k1").cost()).isEqualTo("0.000014");
    assertThat(spend.get("k1").periodStart()).isEqualTo(Instant.parse("2026-03-17T18:30:00Z"));
  }

  @Test
  void aZeroLimitHasNoPercentage() {
    var spend = spend(ZoneOffset.UTC, BudgetSpend.Owner.KEY, "k1", budget("0", "weekly"));

    assertThat(spend.get("k1").percent()).isNull();
    assertThat(spend.get("k1").periodStart()).isEqualTo(Instant.parse("2026-03-16T00:00:00Z"));
    assertThat(spend.get("k1").cost()).isEqualTo("0.000034");
  }

  private Map<String, SpendView> spend(
      ZoneId zone, BudgetSpend.Owner owner, String id, BudgetView budget) {
    Map<String, BudgetView> budgets = new HashMap<>();
    budgets.put(id, budget);
    return new BudgetSpend(tables.dataSource, zone).of(owner, budgets, NOW);
  }

  private static BudgetView budget(String limit, String period) {
    return new BudgetView(new BigDecimal(limit), period, null);
  }
}
