package io.llmproxy.query.audit;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.audit.FetchAdminEvents;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.readmodel.Columns;
import io.llmproxy.query.readmodel.EpochMicros;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers the admin activity trail's queries through the read-only pool, newest event (highest
 * global position) first.
 */
@Component
class AdminAuditQueries {

  private final NamedParameterJdbcTemplate jdbc;

  AdminAuditQueries(@Qualifier(DataSources.READ_ONLY) DataSource dataSource) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
  }

  @QueryHandler
  Page<AdminEventView> handle(FetchAdminEvents query) {
    return list(
        new AdminEventFilter(
            query.actor(), query.action(), query.subjectId(), query.since(), query.until()),
        QueryParameters.cursor(query.before(), "before"),
        query.limit());
  }

  private Page<AdminEventView> list(AdminEventFilter filter, Cursor before, int limit) {
    var params = new MapSqlParameterSource("rows", limit + 1);
    List<String> where = new ArrayList<>();
    equal(where, params, "actor", filter.actor());
    equal(where, params, "action", filter.action());
    equal(where, params, "subject_id", filter.subjectId());
    if (filter.since() != null) {
      where.add("a.occurred_at >= :since");
      params.addValue("since", EpochMicros.of(filter.since()));
    }
    if (filter.until() != null) {
      where.add("a.occurred_at < :until");
      params.addValue("until", EpochMicros.of(filter.until()));
    }
    if (before != null) {
      where.add("a.global_index < :before");
      params.addValue("before", before.order());
    }
    String sql =
        "SELECT a.* FROM admin_audit_event a"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY a.global_index DESC LIMIT :rows";
    List<AdminEventView> rows =
        jdbc.query(
            sql,
            params,
            (rs, rowNum) ->
                new AdminEventView(
                    rs.getLong("global_index"),
                    rs.getString("event_id"),
                    Columns.instant(rs, "occurred_at"),
                    rs.getString("actor"),
                    rs.getString("actor_role"),
                    rs.getString("action"),
                    rs.getString("subject_type"),
                    rs.getString("subject_id"),
                    rs.getString("summary")));
    return Page.of(rows, limit, line -> new Cursor(line.position(), ""));
  }

  private static void equal(
      List<String> where, MapSqlParameterSource params, String column, String value) {
    if (value != null) {
      where.add("a." + column + " = :" + column);
      params.addValue(column, value);
    }
  }
}
