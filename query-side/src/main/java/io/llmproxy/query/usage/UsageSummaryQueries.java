package io.llmproxy.query.usage;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.usage.FetchUsageSummary;
import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageSummary;
import io.llmproxy.kernel.usage.UsageTotals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Usage totals read from the hourly rollups through the read-only connection pool. Rows are summed
 * here rather than with SQL {@code SUM}, which would turn the decimal-text costs into floating
 * point; memory grows with the number of groups, not of rows.
 */
@Component
class UsageSummaryQueries {

  private static final Map<UsageGrouping, String> COLUMNS =
      Map.of(UsageGrouping.KEY, "key_id", UsageGrouping.ALIAS, "alias");

  private final NamedParameterJdbcTemplate jdbc;

  UsageSummaryQueries(@Qualifier(DataSources.READ_ONLY) DataSource dataSource) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
  }

  @QueryHandler
  UsageSummary handle(FetchUsageSummary query) {
    List<String> columns = query.groupBy().stream().map(COLUMNS::get).toList();
    String select = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
    String orderBy = columns.isEmpty() ? "" : " ORDER BY " + String.join(", ", columns);
    // bounds are left out rather than passed as NULL: PostgreSQL cannot type a bare NULL parameter
    List<String> where = new ArrayList<>();
    var params = new MapSqlParameterSource();
    if (query.from() != null) {
      where.add("hour_start >= :from");
      params.addValue("from", query.from().getEpochSecond());
    }
    if (query.to() != null) {
      where.add("hour_start < :to");
      params.addValue("to", query.to().getEpochSecond());
    }
    String sql =
        "SELECT "
            + select
            + RollupTables.MEASURES
            + " FROM "
            + RollupTables.KEY_ALIAS_HOURLY
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + orderBy;
    Map<Map<String, String>, UsageTotals> groups = new LinkedHashMap<>();
    UsageTotals[] total = {UsageTotals.ZERO};
    jdbc.query(
        sql,
        params,
        rs -> {
          UsageTotals row = RollupTables.measures(rs);
          total[0] = total[0].plus(row);
          if (!columns.isEmpty()) {
            groups.merge(dimensions(rs, query.groupBy()), row, UsageTotals::plus);
          }
        });
    return new UsageSummary(
        total[0],
        groups.entrySet().stream()
            .map(group -> new UsageSummary.Group(group.getKey(), group.getValue()))
            .toList());
  }

  private static Map<String, String> dimensions(ResultSet rs, List<UsageGrouping> groupings)
      throws SQLException {
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (UsageGrouping grouping : groupings) {
      dimensions.put(grouping.name().toLowerCase(Locale.ROOT), rs.getString(COLUMNS.get(grouping)));
    }
    return dimensions;
  }
}
