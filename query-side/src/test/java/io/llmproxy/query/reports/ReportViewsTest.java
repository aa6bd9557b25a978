package io.llmproxy.query.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageSummary;
import io.llmproxy.kernel.usage.UsageTimeSeries;
import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.usage.UsageTotalsView;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportViewsTest {

  private static final UsageTotals TOTALS =
      new UsageTotals(2, 100, 10, 110, 40, 5, new BigDecimal("1E-11"), 3);
  private static final UsageTotalsView VIEW =
      new UsageTotalsView(2, 100, 10, 110, 40, 5, "0.00000000001", 3);

  @Test
  void aSummaryShowsEveryFigureAndTheCostAsPlainDecimalText() {
    var summary =
        new UsageSummary(TOTALS, List.of(new UsageSummary.Group(Map.of("key", "k1"), TOTALS)));

    assertThat(ReportViews.Summary.of(summary))
        .isEqualTo(
            new ReportViews.Summary(
                VIEW, List.of(new ReportViews.Group(Map.of("key", "k1"), VIEW))));
  }

  @Test
  void aTimeSeriesNamesItsIntervalZoneAndEachPointsOffsetStart() {
    var start = OffsetDateTime.parse("2026-03-01T00:00+01:00");
    var series = new UsageTimeSeries(List.of(new UsageTimeSeries.Point(start, TOTALS)));

    assertThat(ReportViews.TimeSeries.of(UsageGrouping.DAY, ZoneId.of("Europe/Berlin"), series))
        .isEqualTo(
            new ReportViews.TimeSeries(
                "day",
                "Europe/Berlin",
                List.of(new ReportViews.Point("2026-03-01T00:00:00+01:00", VIEW))));
  }
}
