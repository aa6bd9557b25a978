package io.llmproxy.query.teams;

import static io.llmproxy.query.readmodel.Columns.instant;
import static io.llmproxy.query.readmodel.Columns.longOrNull;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.query.keys.ActiveKeys;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.readmodel.Columns;
import io.llmproxy.query.readmodel.EpochMicros;
import io.llmproxy.query.readmodel.LimitsView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the team list through the read-only pool, newest team first (creation time, then id). */
@Component
class TeamListReader {

  private final NamedParameterJdbcTemplate jdbc;
  private final ActiveKeys activeKeys;

  TeamListReader(@Qualifier(DataSources.READ_ONLY) DataSource dataSource, ActiveKeys activeKeys) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.activeKeys = activeKeys;
  }

  Page<TeamView> list(Cursor after, int limit, Instant now) {
    var params = new MapSqlParameterSource("rows", limit + 1);
    String where = "";
    if (after != null) {
      where = " WHERE (t.created_at < :after OR (t.created_at = :after AND t.team_id < :afterId))";
      params.addValue("after", after.order()).addValue("afterId", after.id());
    }
    List<TeamView> rows =
        jdbc.query(
            "SELECT t.* FROM team_list t"
                + where
                + " ORDER BY t.created_at DESC, t.team_id DESC LIMIT :rows",
            params,
            (rs, rowNum) -> view(rs));
    Page<TeamView> page =
        Page.of(rows, limit, team -> new Cursor(EpochMicros.of(team.createdAt()), team.id()));
    Map<String, Long> counts =
        activeKeys.perTeam(page.data().stream().map(TeamView::id).toList(), now);
    return new Page<>(
        page.data().stream()
            .map(team -> team.withActiveKeys(counts.getOrDefault(team.id(), 0L)))
            .toList(),
        page.hasMore(),
        page.nextCursor());
  }

  Optional<TeamView> find(String teamId, Instant now) {
    return jdbc
        .query(
            "SELECT t.* FROM team_list t WHERE t.team_id = :id",
            new MapSqlParameterSource("id", teamId),
            (rs, rowNum) -> view(rs))
        .stream()
        .findFirst()
        .map(
            team ->
                team.withActiveKeys(
                    activeKeys.perTeam(List.of(teamId), now).getOrDefault(teamId, 0L)));
  }

  private static TeamView view(ResultSet rs) throws SQLException {
    return new TeamView(
        rs.getString("team_id"),
        rs.getString("name"),
        new LimitsView(longOrNull(rs, "requests_per_minute"), longOrNull(rs, "tokens_per_minute")),
        new LimitsView(
            longOrNull(rs, "key_requests_per_minute"), longOrNull(rs, "key_tokens_per_minute")),
        Columns.budget(rs),
        0,
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }
}
