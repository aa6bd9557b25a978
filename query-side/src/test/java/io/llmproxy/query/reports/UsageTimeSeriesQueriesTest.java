package io.llmproxy.query.reports;

import static io.llmproxy.query.reports.ReportTablesFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.usage.FetchUsageTimeSeries;
import io.llmproxy.kernel.usage.UsageFilter;
import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageTimeSeries;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time series read back from report tables that the projection wrote to real SQLite. */
class UsageTimeSeriesQueriesTest {

  private static final Instant MARCH_1 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant MARCH_4 = Instant.parse("2026-03-04T00:00:00Z");

  @TempDir Path folder;

  private UsageTimeSeriesQueries series;

  @BeforeEach
  void setUp() throws Exception {
    var tables = new ReportTablesFixture(folder);
    tables.record(
        1,
        entry("r1", "k1", null, "fast", Instant.parse("2026-03-01T10:10:00Z"), "0.000045"),
        entry("r2", "k1", null, "fast", Instant.parse("2026-03-01T23:30:00Z"), "0.000002"),
        entry("r3", "k1", null, "fast", Instant.parse("2026-03-02T01:00:00Z"), "0.000001"));
    series = new UsageTimeSeriesQueries(new UsageReportQueries(tables.dataSource));
  }

  @Test
  void everyDayOfTheRangeIsAPointAndDaysWithoutUsageAreZero() {
    assertThat(points(fetch(MARCH_1, MARCH_4, UsageGrouping.DAY, ZoneOffset.UTC)))
        .containsExactly(
            "2026-03-01T00:00Z 2 0.000047",
            "2026-03-02T00:00Z 1 0.000001",
            "2026-03-03T00:00Z 0 0");
  }

  @Test
  void daysAreTheZonesAndStartAtItsMidnightBeforeTheRange() {
    // from 10:00 UTC is 11:00 in Berlin: the first point is Berlin's whole 1 March
    var berlin = ZoneId.of("Europe/Berlin");
    assertThat(
            points(
                fetch(
                    Instant.parse("2026-03-01T10:00:00Z"),
                    Instant.parse("2026-03-02T23:00:00Z"),
                    UsageGrouping.DAY,
                    berlin)))
        .containsExactly("2026-03-01T00:00+01:00 1 0.000045", "2026-03-02T00:00+01:00 2 0.000003");
  }

  @Test
  void openBoundsRunFromTheFirstToTheLastHourWithUsage() {
    List<String> hours = points(fetch(null, null, UsageGrouping.HOUR, ZoneOffset.UTC));

    assertThat(hours).hasSize(16);
    assertThat(hours.get(0)).isEqualTo("2026-03-01T10:00Z 1 0.000045");
    assertThat(hours.get(1)).isEqualTo("2026-03-01T11:00Z 0 0");
    assertThat(hours.get(13)).isEqualTo("2026-03-01T23:00Z 1 0.000002");
    assertThat(hours.get(15)).isEqualTo("2026-03-02T01:00Z 1 0.000001");
  }

  @Test
  void withoutUsageAnOpenRangeHasNoPointsAndAClosedOneHasZeros() {
    var nobody = new UsageFilter("nobody", null, null, null, null);
    assertThat(
            series
                .handle(
                    new FetchUsageTimeSeries(
                        MARCH_1, null, UsageGrouping.DAY, nobody, ZoneOffset.UTC))
                .points())
        .isEmpty();
    assertThat(
            series
                .handle(
                    new FetchUsageTimeSeries(
                        null, MARCH_4, UsageGrouping.DAY, nobody, ZoneOffset.UTC))
                .points())
        .isEmpty();
    assertThat(
            points(
                series.handle(
                    new FetchUsageTimeSeries(
                        MARCH_1,
                        Instant.parse("2026-03-03T00:00:00Z"),
                        UsageGrouping.DAY,
                        nobody,
                        ZoneOffset.UTC))))
        .containsExactly("2026-03-01T00:00Z 0 0", "2026-03-02T00:00Z 0 0");
  }

  @Test
  void moreThanTheMostPointsIsRefused() {
    Instant from = MARCH_1.minusSeconds(3600L * UsageTimeSeriesQueries.MAX_POINTS);
    assertThat(points(fetch(from.plusSeconds(3600), MARCH_1, UsageGrouping.HOUR, ZoneOffset.UTC)))
        .hasSize(UsageTimeSeriesQueries.MAX_POINTS - 1);
    assertThat(points(fetch(from, MARCH_1, UsageGrouping.HOUR, ZoneOffset.UTC)))
        .hasSize(UsageTimeSeriesQueries.MAX_POINTS);
    assertThatThrownBy(
            () -> fetch(from.minusSeconds(3600), MARCH_1, UsageGrouping.HOUR, ZoneOffset.UTC))
        .hasMessageContaining("more than " + UsageTimeSeriesQueries.MAX_POINTS + " points");
  }

  private UsageTimeSeries fetch(Instant from, Instant to, UsageGrouping interval, ZoneId zone) {
    return series.handle(new FetchUsageTimeSeries(from, to, interval, UsageFilter.NONE, zone));
  }

  /** Each point as its start, requests and exact cost, for reading. */
  private static List<String> points(UsageTimeSeries series) {
    return series.points().stream()
        .map(
            point ->
                point.start()
                    + " "
                    + point.totals().requests()
                    + " "
                    + point.totals().cost().stripTrailingZeros().toPlainString())
        .toList();
  }
}
