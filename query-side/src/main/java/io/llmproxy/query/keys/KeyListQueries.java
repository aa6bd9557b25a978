package io.llmproxy.query.keys;

import static io.llmproxy.query.readmodel.Columns.instant;
import static io.llmproxy.query.readmodel.Columns.longOrNull;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.keys.FetchKeyList;
import io.llmproxy.kernel.keys.FindKey;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.readmodel.BudgetView;
import io.llmproxy.query.readmodel.Columns;
import io.llmproxy.query.readmodel.EpochMicros;
import io.llmproxy.query.readmodel.LimitsView;
import io.llmproxy.query.readmodel.SpendView;
import io.llmproxy.query.readmodel.StoredJson;
import io.llmproxy.query.reports.BudgetSpend;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers the key list's queries through the read-only pool, newest key first (creation time, then
 * id), with the team's current name joined in.
 */
@Component
class KeyListQueries {

  private static final String SELECT =
      "SELECT k.*, t.name AS team_name FROM api_key_list k"
          + " LEFT JOIN team_list t ON t.team_id = k.team_id";

  private final NamedParameterJdbcTemplate jdbc;
  private final BudgetSpend budgetSpend;
  private final Clock clock;

  KeyListQueries(
      @Qualifier(DataSources.READ_ONLY) DataSource dataSource,
      BudgetSpend budgetSpend,
      Clock clock) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.budgetSpend = budgetSpend;
    this.clock = clock;
  }

  @QueryHandler
  Page<KeyView> handle(FetchKeyList query) {
    var filter =
        new KeyFilter(
            query.status() == null ? null : KeyStatus.parse(query.status()),
            query.teamId(),
            query.text());
    Cursor after = QueryParameters.cursor(query.after(), "cursor");
    return list(filter, after, query.limit(), clock.instant());
  }

  @QueryHandler
  Optional<KeyView> handle(FindKey query) {
    return find(query.keyId(), clock.instant());
  }

  private Page<KeyView> list(KeyFilter filter, Cursor after, int limit, Instant now) {
    long nowMicros = EpochMicros.of(now);
    var params = new MapSqlParameterSource("now", nowMicros).addValue("rows", limit + 1);
    List<String> where = new ArrayList<>();
    if (filter.status() != null) {
      where.add(statusCondition(filter.status()));
    }
    if (filter.teamId() != null) {
      where.add("k.team_id = :team");
      params.addValue("team", filter.teamId());
    }
    if (filter.text() != null) {
      // lower() on both sides: LIKE ignores case on SQLite but not on PostgreSQL
      where.add("(lower(k.name) LIKE :text ESCAPE '\\' OR lower(k.owner) LIKE :text ESCAPE '\\')");
      params.addValue("text", "%" + escapeLike(filter.text().toLowerCase(Locale.ROOT)) + "%");
    }
    if (after != null) {
      where.add("(k.created_at < :after OR (k.created_at = :after AND k.key_id < :afterId))");
      params.addValue("after", after.order()).addValue("afterId", after.id());
    }
    String sql =
        SELECT
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY k.created_at DESC, k.key_id DESC LIMIT :rows";
    List<KeyView> rows = jdbc.query(sql, params, view(nowMicros));
    Page<KeyView> page =
        Page.of(rows, limit, key -> new Cursor(EpochMicros.of(key.createdAt()), key.id()));
    return new Page<>(withSpend(page.data(), now), page.hasMore(), page.nextCursor());
  }

  private List<KeyView> withSpend(List<KeyView> keys, Instant now) {
    Map<String, BudgetView> budgets = new LinkedHashMap<>();
    keys.forEach(key -> budgets.put(key.id(), key.budget()));
    Map<String, SpendView> spend = budgetSpend.of(BudgetSpend.Owner.KEY, budgets, now);
    return keys.stream().map(key -> key.withSpend(spend.get(key.id()))).toList();
  }

  private Optional<KeyView> find(String keyId, Instant now) {
    long nowMicros = EpochMicros.of(now);
    return jdbc
        .query(
            SELECT + " WHERE k.key_id = :id",
            new MapSqlParameterSource("id", keyId),
            view(nowMicros))
        .stream()
        .findFirst()
        .map(key -> withSpend(List.of(key), now).get(0));
  }

  private static String statusCondition(KeyStatus status) {
    return switch (status) {
      case ACTIVE -> ActiveKeys.CONDITION;
      case SUSPENDED -> "k.status = 'suspended' AND " + ActiveKeys.NOT_EXPIRED;
      case REVOKED -> "k.status = 'revoked'";
      case EXPIRED -> "k.status <> 'revoked' AND k.expires_at <= :now";
    };
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static RowMapper<KeyView> view(long nowMicros) {
    return (rs, rowNum) -> view(rs, nowMicros);
  }

  private static KeyView view(ResultSet rs, long nowMicros) throws SQLException {
    Long expiresAt = longOrNull(rs, "expires_at");
    return new KeyView(
        rs.getString("key_id"),
        rs.getString("name"),
        rs.getString("display_prefix"),
        KeyStatus.current(rs.getString("status"), expiresAt, nowMicros).wire(),
        StoredJson.strings(rs.getString("allowed_models")),
        EpochMicros.toInstant(expiresAt),
        new LimitsView(longOrNull(rs, "requests_per_minute"), longOrNull(rs, "tokens_per_minute")),
        rs.getString("owner"),
        rs.getString("team_id"),
        rs.getString("team_name"),
        Columns.budget(rs),
        StoredJson.labels(rs.getString("metadata")),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "last_rotated_at"),
        instant(rs, "previous_valid_until"),
        instant(rs, "revoked_at"),
        null);
  }
}
