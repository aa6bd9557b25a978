package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.UsageFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The WHERE clause a report filter and time range turn into, with its parameters. Every column it
 * names leads one of the tables' indexes, so a filtered report reads only its own rows.
 */
final class ReportSql {

  final List<String> conditions = new ArrayList<>();
  final MapSqlParameterSource parameters = new MapSqlParameterSource();

  static ReportSql where(UsageFilter filter) {
    ReportSql sql = new ReportSql();
    sql.equal("key_id", filter.keyId());
    sql.equal("team_id", filter.teamId());
    sql.equal("alias", filter.alias());
    sql.equal("provider", filter.provider());
    sql.equal("outcome", filter.outcome() == null ? null : filter.outcome().wireName());
    return sql;
  }

  void equal(String column, String value) {
    if (value != null) {
      conditions.add(column + " = :" + column);
      parameters.addValue(column, value);
    }
  }

  /** {@code column} in {@code [from, to)}, for bounds that are present. */
  void range(String column, Long from, Long to) {
    if (from != null) {
      conditions.add(column + " >= :range_from");
      parameters.addValue("range_from", from);
    }
    if (to != null) {
      conditions.add(column + " < :range_to");
      parameters.addValue("range_to", to);
    }
  }

  static Long epochSecond(Instant instant) {
    return instant == null ? null : instant.getEpochSecond();
  }

  String clause() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }
}
