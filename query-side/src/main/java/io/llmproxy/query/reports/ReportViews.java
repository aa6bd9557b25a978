package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageSummary;
import io.llmproxy.kernel.usage.UsageTimeSeries;
import io.llmproxy.query.usage.UsageTotalsView;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The reporting API's answers. Totals carry cost as exact decimal text. */
final class ReportViews {

  private ReportViews() {}

  /** {@code GET /api/usage/summary}. */
  record Summary(UsageTotalsView totals, List<Group> groups) {

    static Summary of(UsageSummary summary) {
      return new Summary(
          UsageTotalsView.of(summary.totals()),
          summary.groups().stream()
              .map(group -> new Group(group.dimensions(), UsageTotalsView.of(group.totals())))
              .toList());
    }
  }

  record Group(Map<String, String> dimensions, UsageTotalsView totals) {}

  /** {@code GET /api/usage/timeseries}: {@code start} is the bucket's start in the zone. */
  record TimeSeries(String interval, String tz, List<Point> points) {

    static TimeSeries of(UsageGrouping interval, ZoneId zone, UsageTimeSeries series) {
      return new TimeSeries(
          interval.wireName(),
          zone.getId(),
          series.points().stream()
              .map(
                  point ->
                      new Point(
                          DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(point.start()),
                          UsageTotalsView.of(point.totals())))
              .toList());
    }
  }

  record Point(String start, UsageTotalsView totals) {}
}
