package io.llmproxy.query.teams;

import static io.llmproxy.query.readmodel.Columns.instant;
import static io.llmproxy.query.readmodel.Columns.longOrNull;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.teams.FetchTeamList;
import io.llmproxy.kernel.teams.FindTeam;
import io.llmproxy.query.keys.ActiveKeys;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.readmodel.BudgetView;
import io.llmproxy.query.readmodel.Columns;
import io.llmproxy.query.readmodel.EpochMicros;
import io.llmproxy.query.readmodel.LimitsView;
import io.llmproxy.query.readmodel.SpendView;
import io.llmproxy.query.reports.BudgetSpend;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers the team list's queries through the read-only pool, newest team first (creation time,
 * then id).
 */
@Component
class TeamListQueries {

  private final NamedParameterJdbcTemplate jdbc;
  private final ActiveKeys activeKeys;
  private final BudgetSpend budgetSpend;
  private final Clock clock;

  TeamListQueries(
      @Qualifier(DataSources.READ_ONLY) DataSource dataSource,
      ActiveKeys activeKeys,
      BudgetSpend budgetSpend,
      Clock clock) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.activeKeys = activeKeys;
    this.budgetSpend = budgetSpend;
    this.clock = clock;
  }

  @QueryHandler
  Page<TeamView> handle(FetchTeamList query) {
    return list(QueryParameters.cursor(query.after(), "cursor"), query.limit(), clock.instant());
  }

  @QueryHandler
  Optional<TeamView> handle(FindTeam query) {
    return find(query.teamId(), clock.instant());
  }

  private Page<TeamView> list(Cursor after, int limit, Instant now) {
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
    return new Page<>(complete(page.data(), now), page.hasMore(), page.nextCursor());
  }

  /** Adds what the team rows do not hold: active member keys and the period's spend. */
  private List<TeamView> complete(List<TeamView> teams, Instant now) {
    Map<String, Long> counts = activeKeys.perTeam(teams.stream().map(TeamView::id).toList(), now);
    Map<String, BudgetView> budgets = new LinkedHashMap<>();
    teams.forEach(team -> budgets.put(team.id(), team.budget()));
    Map<String, SpendView> spend = budgetSpend.of(BudgetSpend.Owner.TEAM, budgets, now);
    return teams.stream()
        .map(team -> team.with(counts.getOrDefault(team.id(), 0L), spend.get(team.id())))
        .toList();
  }

  private Optional<TeamView> find(String teamId, Instant now) {
    return jdbc
        .query(
            "SELECT t.* FROM team_list t WHERE t.team_id = :id",
            new MapSqlParameterSource("id", teamId),
            (rs, rowNum) -> view(rs))
        .stream()
        .findFirst()
        .map(team -> complete(List.of(team), now).get(0));
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
        instant(rs, "updated_at"),
        null);
  }
}
