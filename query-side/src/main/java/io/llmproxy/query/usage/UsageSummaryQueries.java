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
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Usage totals read from the hourly rollups through the read-only connection pool. */
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
    String groupBy = columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns);
    String orderBy = columns.isEmpty() ? "" : " ORDER BY " + String.join(", ", columns);
    String sql =
        "SELECT "
            + select
            + "COALESCE(SUM(requests), 0) AS requests,"
            + " COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,"
            + " COALESCE(SUM(completion_tokens), 0) AS completion_tokens,"
            + " COALESCE(SUM(total_tokens), 0) AS total_tokens"
            + " FROM usage_hourly_by_key_alias"
            + " WHERE (:from IS NULL OR hour_start >= :from)"
            + " AND (:to IS NULL OR hour_start < :to)"
            + groupBy
            + orderBy;
    var params =
        new MapSqlParameterSource()
            .addValue("from", query.from() == null ? null : query.from().getEpochSecond())
            .addValue("to", query.to() == null ? null : query.to().getEpochSecond());
    List<UsageSummary.Group> groups = new ArrayList<>();
    List<UsageTotals> rows =
        jdbc.query(
            sql,
            params,
            (rs, rowNum) -> {
              UsageTotals totals = totals(rs);
              if (!columns.isEmpty()) {
                groups.add(new UsageSummary.Group(dimensions(rs, query.groupBy()), totals));
              }
              return totals;
            });
    return new UsageSummary(sum(rows), groups);
  }

  private static Map<String, String> dimensions(ResultSet rs, List<UsageGrouping> groupings)
      throws SQLException {
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (UsageGrouping grouping : groupings) {
      dimensions.put(
          grouping.name().toLowerCase(java.util.Locale.ROOT), rs.getString(COLUMNS.get(grouping)));
    }
    return dimensions;
  }

  private static UsageTotals totals(ResultSet rs) throws SQLException {
    return new UsageTotals(
        rs.getLong("requests"),
        rs.getLong("prompt_tokens"),
        rs.getLong("completion_tokens"),
        rs.getLong("total_tokens"));
  }

  private static UsageTotals sum(List<UsageTotals> rows) {
    UsageTotals total = UsageTotals.ZERO;
    for (UsageTotals row : rows) {
      total =
          new UsageTotals(
              Math.addExact(total.requests(), row.requests()),
              Math.addExact(total.promptTokens(), row.promptTokens()),
              Math.addExact(total.completionTokens(), row.completionTokens()),
              Math.addExact(total.totalTokens(), row.totalTokens()));
    }
    return total;
  }
}
