package io.llmproxy.query.reports;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.usage.FetchRequestLog;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.readmodel.EpochMicros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The request log, newest first, ordered by entry time and then by the entry's position in the
 * event store, which is unique: keyset paging over that order returns every row once.
 */
@Component
class RequestLogQueries {

  private static final String COLUMNS =
      "position, event_id, occurred_at, request_id, key_id, team_id, alias, provider, model,"
          + " endpoint, streamed, prompt_tokens, completion_tokens, total_tokens, cached_tokens,"
          + " cache_write_tokens, cost, latency_ms, ttft_ms, outcome, estimated, attempt, retried";

  private final NamedParameterJdbcTemplate jdbc;

  RequestLogQueries(@Qualifier(DataSources.READ_ONLY) DataSource dataSource) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
  }

  @QueryHandler
  Page<RequestLogEntry> handle(FetchRequestLog query) {
    var filter =
        new RequestLogFilter(
            query.from(), query.to(), query.filter(), query.requestId(), query.withRetried());
    Cursor after = QueryParameters.cursor(query.after(), "cursor");
    List<RequestLogEntry> rows = read(filter, after, query.limit() + 1);
    return Page.of(rows, query.limit(), RequestLogQueries::cursorOf);
  }

  private List<RequestLogEntry> read(RequestLogFilter filter, Cursor after, int limit) {
    ReportSql where = ReportSql.where(filter.usage());
    where.range("occurred_at", EpochMicros.of(filter.from()), EpochMicros.of(filter.to()));
    where.equal("request_id", filter.requestId());
    if (!filter.withRetried()) {
      where.conditions.add("retried = 0");
    }
    if (after != null) {
      where.conditions.add(
          "(occurred_at < :after_time OR (occurred_at = :after_time AND position < :after_position))");
      where.parameters.addValue("after_time", after.order());
      where.parameters.addValue("after_position", Long.parseLong(after.id()));
    }
    where.parameters.addValue("limit", limit);
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + ReportTables.REQUEST_LOG
            + where.clause()
            + " ORDER BY occurred_at DESC, position DESC LIMIT :limit";
    return jdbc.query(sql, where.parameters, (rs, index) -> entry(rs));
  }

  private static Cursor cursorOf(RequestLogEntry entry) {
    return new Cursor(EpochMicros.of(entry.occurredAt()), Long.toString(entry.position()));
  }

  private static RequestLogEntry entry(ResultSet rs) throws SQLException {
    String team = rs.getString("team_id");
    long ttft = rs.getLong("ttft_ms");
    Long timeToFirstToken = rs.wasNull() ? null : ttft;
    return new RequestLogEntry(
        rs.getLong("position"),
        rs.getString("request_id"),
        EpochMicros.toInstant(rs.getLong("occurred_at")),
        rs.getString("key_id"),
        ReportTables.NO_TEAM.equals(team) ? null : team,
        rs.getString("alias"),
        rs.getString("provider"),
        rs.getString("model"),
        rs.getString("endpoint"),
        rs.getInt("streamed") != 0,
        rs.getLong("prompt_tokens"),
        rs.getLong("completion_tokens"),
        rs.getLong("total_tokens"),
        rs.getLong("cached_tokens"),
        rs.getLong("cache_write_tokens"),
        rs.getString("cost"),
        rs.getLong("latency_ms"),
        timeToFirstToken,
        rs.getString("outcome"),
        rs.getInt("estimated") != 0,
        rs.getInt("attempt"),
        rs.getInt("retried") != 0,
        rs.getString("event_id"));
  }
}
