package io.llmproxy.query.reports;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.usage.FetchUsageSummary;
import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageSummary;
import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.usage.RollupTables;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Usage summaries from the report tables, through the read-only pool. SQL sums each group (money in
 * whole picodollars, see {@link PicoDollars}); Java then folds hours into the days of the report's
 * time zone where that is asked for. Daily rows serve a report whose bounds fall on UTC days and
 * which needs neither hours nor days of another zone; every other report reads hours.
 */
@Component
public class UsageReportQueries {

  private static final String SUMS =
      "SUM(requests) AS requests, SUM(prompt_tokens) AS prompt_tokens,"
          + " SUM(completion_tokens) AS completion_tokens, SUM(total_tokens) AS total_tokens,"
          + " SUM(cached_tokens) AS cached_tokens, SUM(cache_write_tokens) AS cache_write_tokens,"
          + " SUM(unpriced_entries) AS unpriced_entries, "
          + PicoDollars.SUM_COLUMNS;

  private final NamedParameterJdbcTemplate jdbc;
  // SQLite's planner must be told not to use an index; PostgreSQL's chooses a scan by itself and
  // has no such clause
  private final String noIndex;

  UsageReportQueries(@Qualifier(DataSources.READ_ONLY) DataSource dataSource) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.noIndex = isSqlite(dataSource) ? " NOT INDEXED" : "";
  }

  private static boolean isSqlite(DataSource dataSource) {
    try {
      return "SQLite"
          .equals(
              JdbcUtils.extractDatabaseMetaData(
                  dataSource, DatabaseMetaData::getDatabaseProductName));
    } catch (MetaDataAccessException e) {
      throw new IllegalStateException("cannot tell which database holds the reports", e);
    }
  }

  @QueryHandler
  public UsageSummary handle(FetchUsageSummary query) {
    List<UsageGrouping> groupBy = query.groupBy();
    if (groupBy.contains(UsageGrouping.DAY) || groupBy.contains(UsageGrouping.HOUR)) {
      requireWholeHourZone(query.zone());
    }
    boolean hourly = needsHours(query);
    List<String> columns = new ArrayList<>();
    for (UsageGrouping grouping : groupBy) {
      String column = column(grouping);
      if (!columns.contains(column)) {
        columns.add(column);
      }
    }
    ReportSql where = ReportSql.where(query.filter());
    where.range(
        "bucket_start", ReportSql.epochSecond(query.from()), ReportSql.epochSecond(query.to()));
    String groupColumns = String.join(", ", columns);
    String sql =
        "SELECT "
            + (columns.isEmpty() ? "" : groupColumns + ", ")
            + SUMS
            + " FROM "
            + table(query, hourly)
            + where.clause()
            + (columns.isEmpty() ? "" : " GROUP BY " + groupColumns + " ORDER BY " + groupColumns);
    Map<Map<String, String>, UsageTotals> groups = new LinkedHashMap<>();
    UsageTotals[] total = {UsageTotals.ZERO};
    jdbc.query(
        sql,
        where.parameters,
        rs -> {
          UsageTotals row = totals(rs);
          total[0] = total[0].plus(row);
          if (!groupBy.isEmpty()) {
            groups.merge(dimensions(rs, groupBy, query.zone()), row, UsageTotals::plus);
          }
        });
    return new UsageSummary(
        total[0],
        groups.entrySet().stream()
            .map(group -> new UsageSummary.Group(group.getKey(), group.getValue()))
            .toList());
  }

  /**
   * The smallest table that can answer. Without a key, team or alias filter an index would only add
   * a lookup per row, so the table is scanned in storage order ({@code NOT INDEXED}).
   */
  private String table(FetchUsageSummary query, boolean hourly) {
    var filter = query.filter();
    boolean byOwner =
        filter.keyId() != null
            || filter.teamId() != null
            || query.groupBy().contains(UsageGrouping.KEY)
            || query.groupBy().contains(UsageGrouping.TEAM);
    String table =
        !hourly ? ReportTables.DAILY : byOwner ? ReportTables.HOURLY : ReportTables.HOURLY_ALL;
    boolean indexed = filter.keyId() != null || filter.teamId() != null || filter.alias() != null;
    return indexed ? table : table + noIndex;
  }

  private static boolean needsHours(FetchUsageSummary query) {
    if (query.groupBy().contains(UsageGrouping.HOUR)) {
      return true;
    }
    if (!onUtcDay(query.from()) || !onUtcDay(query.to())) {
      return true;
    }
    return query.groupBy().contains(UsageGrouping.DAY) && !isUtc(query.zone());
  }

  private static boolean onUtcDay(Instant bound) {
    return bound == null || bound.truncatedTo(ChronoUnit.DAYS).equals(bound);
  }

  static boolean isUtc(ZoneId zone) {
    return zone.getRules().isFixedOffset()
        && zone.getRules().getOffset(Instant.EPOCH).equals(ZoneOffset.UTC);
  }

  private static String column(UsageGrouping grouping) {
    return switch (grouping) {
      case KEY -> "key_id";
      case TEAM -> "team_id";
      case ALIAS -> "alias";
      case PROVIDER -> "provider";
      case OUTCOME -> "outcome";
      case DAY, HOUR -> "bucket_start";
    };
  }

  private static Map<String, String> dimensions(
      ResultSet rs, List<UsageGrouping> groupBy, ZoneId zone) throws SQLException {
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (UsageGrouping grouping : groupBy) {
      String value =
          switch (grouping) {
            case DAY -> day(rs.getLong("bucket_start"), zone);
            case HOUR -> hour(rs.getLong("bucket_start"), zone);
            case TEAM -> {
              String team = rs.getString("team_id");
              yield ReportTables.NO_TEAM.equals(team) ? null : team;
            }
            default -> rs.getString(column(grouping));
          };
      dimensions.put(grouping.wireName(), value);
    }
    return dimensions;
  }

  /** The zone's calendar day of an hour; refused where the zone's offset splits the hour. */
  static String day(long hourStart, ZoneId zone) {
    Instant start = Instant.ofEpochSecond(hourStart);
    requireWholeHourOffset(start, zone);
    return LocalDate.ofInstant(start, zone).toString();
  }

  static String hour(long hourStart, ZoneId zone) {
    Instant start = Instant.ofEpochSecond(hourStart);
    requireWholeHourOffset(start, zone);
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atZone(zone).toOffsetDateTime());
  }

  /** Refuses a zone that has been off whole hours since 1970, before any row is read. */
  private static void requireWholeHourZone(ZoneId zone) {
    var rules = zone.getRules();
    boolean whole =
        rules.getOffset(Instant.now()).getTotalSeconds() % 3600 == 0
            && rules.getTransitions().stream()
                .filter(transition -> transition.getInstant().isAfter(Instant.EPOCH))
                .allMatch(transition -> transition.getOffsetAfter().getTotalSeconds() % 3600 == 0);
    if (!whole) {
      throw notWholeHours(zone);
    }
  }

  private static void requireWholeHourOffset(Instant instant, ZoneId zone) {
    if (zone.getRules().getOffset(instant).getTotalSeconds() % 3600 != 0) {
      throw notWholeHours(zone);
    }
  }

  private static RuntimeException notWholeHours(ZoneId zone) {
    // reports are summed by UTC hour: a day starting at :30 would split an hour's total
    return QueryParameters.badRequest(
        "tz: "
            + zone.getId()
            + " is not a whole number of hours from UTC, so its days cannot be reported exactly"
            + " from hourly totals");
  }

  private static UsageTotals totals(ResultSet rs) throws SQLException {
    return RollupTables.measures(
        rs,
        PicoDollars.sum(
            rs.getLong("cost_micros"), rs.getLong("cost_picos"), rs.getString("cost_extra")));
  }
}
