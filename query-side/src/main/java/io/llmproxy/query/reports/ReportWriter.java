package io.llmproxy.query.reports;

import io.llmproxy.query.readmodel.EpochMicros;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a {@link ReportBatch} with three JDBC batches inside the processor's transaction: the log
 * rows, then one upsert per touched hourly and daily bucket. Entity-per-row JPA writes were the
 * ceiling of the older rollup projection (a read and a write per row and event).
 */
@Component
class ReportWriter {

  private static final String INSERT_LOG =
      "INSERT INTO "
          + ReportTables.REQUEST_LOG
          + " (position, event_id, occurred_at, request_id, key_id, team_id, alias, provider,"
          + " model, endpoint, streamed, prompt_tokens, completion_tokens, total_tokens,"
          + " cached_tokens, cache_write_tokens, cost, latency_ms, ttft_ms, outcome, estimated,"
          + " attempt, retried) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?) ON CONFLICT (position) DO NOTHING";

  private static final String MEASURES =
      "requests, prompt_tokens, completion_tokens, total_tokens, cached_tokens,"
          + " cache_write_tokens, cost_pico, cost_extra, unpriced_entries";

  private final JdbcTemplate jdbc;

  ReportWriter(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  void write(ReportBatch batch) {
    writeLog(batch.entries);
    upsert(ReportTables.HOURLY, batch.hourly);
    upsert(ReportTables.DAILY, batch.daily);
    upsert(ReportTables.HOURLY_ALL, batch.hourlyAll);
  }

  void clear() {
    for (String table :
        List.of(
            ReportTables.REQUEST_LOG,
            ReportTables.HOURLY,
            ReportTables.DAILY,
            ReportTables.HOURLY_ALL)) {
      jdbc.update("DELETE FROM " + table);
    }
  }

  private void writeLog(List<RequestLogEntry> entries) {
    jdbc.batchUpdate(
        INSERT_LOG,
        entries,
        entries.size(),
        (statement, entry) -> {
          statement.setLong(1, entry.position());
          statement.setString(2, entry.eventId());
          statement.setLong(3, EpochMicros.of(entry.occurredAt()));
          statement.setString(4, entry.requestId());
          statement.setString(5, entry.keyId());
          statement.setString(6, entry.teamId() == null ? ReportTables.NO_TEAM : entry.teamId());
          statement.setString(7, entry.alias());
          statement.setString(8, entry.provider());
          statement.setString(9, entry.model());
          statement.setString(10, entry.endpoint());
          statement.setInt(11, entry.streamed() ? 1 : 0);
          statement.setLong(12, entry.promptTokens());
          statement.setLong(13, entry.completionTokens());
          statement.setLong(14, entry.totalTokens());
          statement.setLong(15, entry.cachedTokens());
          statement.setLong(16, entry.cacheWriteTokens());
          statement.setString(17, entry.cost());
          statement.setLong(18, entry.latencyMs());
          setNullableLong(statement, 19, entry.timeToFirstTokenMs());
          statement.setString(20, entry.outcome());
          statement.setInt(21, entry.estimated() ? 1 : 0);
          statement.setInt(22, entry.attempts());
          statement.setInt(23, entry.retried() ? 1 : 0);
        });
  }

  private void upsert(String table, Map<Bucket, BucketTotals> buckets) {
    String sql =
        "INSERT INTO "
            + table
            + " AS t (bucket_start, key_id, team_id, alias, provider, outcome, "
            + MEASURES
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (bucket_start, key_id, team_id, alias, provider, outcome) DO UPDATE"
            // the table's own columns named with the table: PostgreSQL finds a bare name ambiguous
            // beside excluded's
            + " SET requests = t.requests + excluded.requests,"
            + " prompt_tokens = t.prompt_tokens + excluded.prompt_tokens,"
            + " completion_tokens = t.completion_tokens + excluded.completion_tokens,"
            + " total_tokens = t.total_tokens + excluded.total_tokens,"
            + " cached_tokens = t.cached_tokens + excluded.cached_tokens,"
            + " cache_write_tokens = t.cache_write_tokens + excluded.cache_write_tokens,"
            + " cost_pico = t.cost_pico + excluded.cost_pico,"
            // remainders are rare; they are kept as a list and added up exactly when read
            + " cost_extra = CASE WHEN excluded.cost_extra IS NULL THEN t.cost_extra"
            + " WHEN t.cost_extra IS NULL THEN excluded.cost_extra"
            + " ELSE t.cost_extra || ',' || excluded.cost_extra END,"
            + " unpriced_entries = t.unpriced_entries + excluded.unpriced_entries";
    List<Map.Entry<Bucket, BucketTotals>> rows = new ArrayList<>(buckets.entrySet());
    jdbc.batchUpdate(
        sql,
        rows,
        rows.size(),
        (statement, row) -> {
          Bucket bucket = row.getKey();
          BucketTotals totals = row.getValue();
          statement.setLong(1, bucket.start());
          statement.setString(2, bucket.keyId());
          statement.setString(3, bucket.teamId());
          statement.setString(4, bucket.alias());
          statement.setString(5, bucket.provider());
          statement.setString(6, bucket.outcome());
          statement.setLong(7, totals.requests);
          statement.setLong(8, totals.promptTokens);
          statement.setLong(9, totals.completionTokens);
          statement.setLong(10, totals.totalTokens);
          statement.setLong(11, totals.cachedTokens);
          statement.setLong(12, totals.cacheWriteTokens);
          statement.setLong(13, totals.costPico);
          statement.setString(14, totals.remainderText());
          statement.setLong(15, totals.unpricedEntries);
        });
  }

  private static void setNullableLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
