package io.llmproxy.query.reports;

import static io.llmproxy.query.reports.ReportTablesFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.usage.FetchUsageSummary;
import io.llmproxy.kernel.usage.UsageFilter;
import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageSummary;
import io.llmproxy.kernel.usage.UsageTotals;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage summaries read back from report tables that the projection wrote to real SQLite. */
class UsageReportQueriesTest {

  private static final Instant MARCH_1 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant MARCH_2 = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant MARCH_3 = Instant.parse("2026-03-03T00:00:00Z");
  private static final Instant TEN_O_CLOCK = Instant.parse("2026-03-01T10:00:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @TempDir Path folder;

  private UsageReportQueries queries;

  @BeforeEach
  void setUp() throws Exception {
    var tables = new ReportTablesFixture(folder);
    tables.record(
        1,
        entry("r1", "k1", "team-1", "fast", Instant.parse("2026-03-01T10:10:00Z"), "0.000045"),
        entry("r2", "k2", null, "slow", Instant.parse("2026-03-01T22:30:00Z"), "0.0000000000015"),
        entry("r3", "k1", "team-1", "fast", Instant.parse("2026-03-01T23:30:00Z"), null),
        entry("r4", "k1", "team-1", "fast", Instant.parse("2026-03-02T05:00:00Z"), "0.000001"));
    queries = new UsageReportQueries(tables.dataSource);
  }

  @Test
  void aWholeUtcDaySumsEveryMeasureExactly() {
    UsageSummary summary = queries.handle(new FetchUsageSummary(MARCH_1, MARCH_2, List.of()));

    assertThat(summary.totals())
        .isEqualTo(new UsageTotals(3, 300, 30, 330, 120, 15, new BigDecimal("0.0000450000015"), 1));
    assertThat(summary.groups()).isEmpty();
  }

  @Test
  void groupsByKeyAndByTeamShowAKeyWithoutATeamAsNull() {
    assertThat(groups(summary(MARCH_1, MARCH_3, UsageFilter.NONE, ZoneOffset.UTC, "key")))
        .containsOnly(
            Map.entry(Map.of("key", "k1"), "3 requests, 0.000046, 1 unpriced"),
            Map.entry(Map.of("key", "k2"), "1 requests, 0.0000000000015, 0 unpriced"));
    assertThat(groups(summary(TEN_O_CLOCK, MARCH_3, UsageFilter.NONE, ZoneOffset.UTC, "team")))
        .containsOnly(
            Map.entry(Map.of("team", "team-1"), "3 requests, 0.000046, 1 unpriced"),
            Map.entry(nullTeam(), "1 requests, 0.0000000000015, 0 unpriced"));
  }

  @Test
  void daysOfAnotherZoneAreFoldedFromItsHours() {
    // Berlin is UTC+1 in March: r3 at 23:30 UTC belongs to Berlin's 2 March
    assertThat(groups(summary(MARCH_1, MARCH_3, UsageFilter.NONE, BERLIN, "day")))
        .containsOnly(
            Map.entry(Map.of("day", "2026-03-01"), "2 requests, 0.0000450000015, 0 unpriced"),
            Map.entry(Map.of("day", "2026-03-02"), "2 requests, 0.000001, 1 unpriced"));
    assertThat(groups(summary(MARCH_1, MARCH_3, UsageFilter.NONE, ZoneOffset.UTC, "day")))
        .containsOnly(
            Map.entry(Map.of("day", "2026-03-01"), "3 requests, 0.0000450000015, 1 unpriced"),
            Map.entry(Map.of("day", "2026-03-02"), "1 requests, 0.000001, 0 unpriced"));
  }

  @Test
  void hoursAreNamedWithTheZonesOffset() {
    assertThat(groups(summary(MARCH_2, MARCH_3, UsageFilter.NONE, BERLIN, "hour")))
        .containsOnly(
            Map.entry(
                Map.of("hour", "2026-03-02T06:00:00+01:00"), "1 requests, 0.000001, 0 unpriced"));
  }

  @Test
  void theRangeIncludesItsStartHourAndExcludesItsEndHour() {
    Instant tenPm = Instant.parse("2026-03-01T22:00:00Z");
    assertThat(queries.handle(new FetchUsageSummary(TEN_O_CLOCK, tenPm, List.of())).totals())
        .isEqualTo(new UsageTotals(1, 100, 10, 110, 40, 5, new BigDecimal("0.000045"), 0));
  }

  @Test
  void filtersWithoutAnOwnerAreAnsweredFromTheAllKeysTable() {
    var slow = new UsageFilter(null, null, "slow", null, null);
    assertThat(summary(TEN_O_CLOCK, MARCH_3, slow, ZoneOffset.UTC).totals().cost())
        .isEqualByComparingTo("0.0000000000015");
    var successes = new UsageFilter(null, null, null, "openai", UsageOutcome.SUCCESS);
    assertThat(summary(TEN_O_CLOCK, MARCH_3, successes, ZoneOffset.UTC).totals())
        .isEqualTo(new UsageTotals(4, 400, 40, 440, 160, 20, new BigDecimal("0.0000460000015"), 1));
    var anthropic = new UsageFilter(null, null, null, "anthropic", null);
    assertThat(summary(TEN_O_CLOCK, MARCH_3, anthropic, ZoneOffset.UTC).totals())
        .isEqualTo(UsageTotals.ZERO);
    var failures = new UsageFilter(null, null, null, null, UsageOutcome.UPSTREAM_ERROR);
    assertThat(summary(TEN_O_CLOCK, MARCH_3, failures, ZoneOffset.UTC).totals())
        .isEqualTo(UsageTotals.ZERO);
  }

  @Test
  void keyAndTeamFiltersKeepOnlyTheirOwnEntries() {
    var k2 = new UsageFilter("k2", null, null, null, null);
    assertThat(summary(TEN_O_CLOCK, MARCH_3, k2, ZoneOffset.UTC).totals().requests()).isOne();
    var team = new UsageFilter(null, "team-1", null, null, null);
    assertThat(summary(MARCH_1, MARCH_3, team, ZoneOffset.UTC).totals().requests()).isEqualTo(3);
  }

  @Test
  void aZoneOffByHalfAnHourCannotBeReportedByDay() {
    assertThatThrownBy(
            () -> summary(MARCH_1, MARCH_3, UsageFilter.NONE, ZoneId.of("Asia/Kolkata"), "day"))
        .hasMessageContaining("Asia/Kolkata is not a whole number of hours");
    // refused before any row is read, so also where the range holds none
    Instant year2020 = Instant.parse("2020-01-01T00:00:00Z");
    assertThatThrownBy(
            () ->
                summary(
                    year2020,
                    year2020.plusSeconds(86_400),
                    UsageFilter.NONE,
                    ZoneId.of("Asia/Kolkata"),
                    "hour"))
        .hasMessageContaining("not a whole number of hours");
  }

  @Test
  void daysOfAFixedOffsetOtherThanUtcAreFoldedFromHours() {
    // at +01:00, r3 at 23:30 UTC falls on 2 March
    assertThat(groups(summary(MARCH_1, MARCH_3, UsageFilter.NONE, ZoneOffset.ofHours(1), "day")))
        .containsOnly(
            Map.entry(Map.of("day", "2026-03-01"), "2 requests, 0.0000450000015, 0 unpriced"),
            Map.entry(Map.of("day", "2026-03-02"), "2 requests, 0.000001, 1 unpriced"));
  }

  private UsageSummary summary(
      Instant from, Instant to, UsageFilter filter, ZoneId zone, String... groupBy) {
    List<UsageGrouping> groupings =
        java.util.Arrays.stream(groupBy)
            .map(name -> UsageGrouping.valueOf(name.toUpperCase(java.util.Locale.ROOT)))
            .toList();
    return queries.handle(new FetchUsageSummary(from, to, groupings, filter, zone));
  }

  /** Each group's dimensions with its requests, exact cost and unpriced entries, for reading. */
  private static Map<Map<String, String>, String> groups(UsageSummary summary) {
    Map<Map<String, String>, String> groups = new HashMap<>();
    for (UsageSummary.Group group : summary.groups()) {
      UsageTotals totals = group.totals();
      groups.put(
          group.dimensions(),
          totals.requests()
              + " requests, "
              + totals.cost().stripTrailingZeros().toPlainString()
              + ", "
              + totals.unpricedEntries()
              + " unpriced");
    }
    return groups;
  }

  private static Map<String, String> nullTeam() {
    return Collections.singletonMap("team", null);
  }
}
