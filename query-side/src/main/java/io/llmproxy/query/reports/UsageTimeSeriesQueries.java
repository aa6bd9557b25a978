package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.FetchUsageSummary;
import io.llmproxy.kernel.usage.FetchUsageTimeSeries;
import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageSummary;
import io.llmproxy.kernel.usage.UsageTimeSeries;
import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.paging.QueryParameters;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Time series for charts: the summary grouped by hour or day, with every bucket of the range
 * present, so a chart's gaps are real zeros rather than missing points.
 */
@Component
public class UsageTimeSeriesQueries {

  static final int MAX_POINTS = 20_000;

  private final UsageReportQueries summaries;

  UsageTimeSeriesQueries(UsageReportQueries summaries) {
    this.summaries = summaries;
  }

  @QueryHandler
  public UsageTimeSeries handle(FetchUsageTimeSeries query) {
    UsageGrouping interval = query.interval();
    UsageSummary summary =
        summaries.handle(
            new FetchUsageSummary(
                query.from(), query.to(), List.of(interval), query.filter(), query.zone()));
    Map<Instant, UsageTotals> byStart = new HashMap<>();
    for (UsageSummary.Group group : summary.groups()) {
      byStart.put(
          start(group.dimensions().get(interval.wireName()), interval, query.zone()),
          group.totals());
    }
    if (byStart.isEmpty() && (query.from() == null || query.to() == null)) {
      return new UsageTimeSeries(List.of());
    }
    Instant first =
        query.from() != null
            ? bucketOf(query.from(), interval, query.zone())
            : byStart.keySet().stream().min(Instant::compareTo).orElseThrow();
    Instant end =
        query.to() != null
            ? query.to()
            : next(
                byStart.keySet().stream().max(Instant::compareTo).orElseThrow(),
                interval,
                query.zone());
    List<UsageTimeSeries.Point> points = new ArrayList<>();
    for (Instant start = first; start.isBefore(end); start = next(start, interval, query.zone())) {
      if (points.size() == MAX_POINTS) {
        throw QueryParameters.badRequest(
            "interval: more than " + MAX_POINTS + " points; use a shorter range or days");
      }
      points.add(
          new UsageTimeSeries.Point(
              OffsetDateTime.ofInstant(start, query.zone()),
              byStart.getOrDefault(start, UsageTotals.ZERO)));
    }
    return new UsageTimeSeries(points);
  }

  private static Instant start(String label, UsageGrouping interval, ZoneId zone) {
    return interval == UsageGrouping.DAY
        ? LocalDate.parse(label).atStartOfDay(zone).toInstant()
        : OffsetDateTime.parse(label).toInstant();
  }

  /** The start of the bucket holding {@code instant}: the zone's midnight, or the UTC hour. */
  private static Instant bucketOf(Instant instant, UsageGrouping interval, ZoneId zone) {
    return interval == UsageGrouping.DAY
        ? LocalDate.ofInstant(instant, zone).atStartOfDay(zone).toInstant()
        : instant.truncatedTo(ChronoUnit.HOURS);
  }

  private static Instant next(Instant start, UsageGrouping interval, ZoneId zone) {
    return interval == UsageGrouping.DAY
        ? LocalDate.ofInstant(start, zone).plusDays(1).atStartOfDay(zone).toInstant()
        : start.plus(1, ChronoUnit.HOURS);
  }
}
