package io.llmproxy.query.teams;

import io.llmproxy.kernel.teams.FetchTeamList;
import io.llmproxy.kernel.teams.FindTeam;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.web.QueryDispatcher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("hasRole('VIEWER')")
@RequestMapping("/api/teams")
class TeamListController {

  private final QueryDispatcher queries;

  TeamListController(QueryDispatcher queries) {
    this.queries = queries;
  }

  @GetMapping
  Mono<Page<TeamView>> list(
      @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
    int size = QueryParameters.limit(limit);
    Cursor after = QueryParameters.cursor(cursor, "cursor");
    return queries.page(
        new FetchTeamList(size, after == null ? null : after.encode()), TeamView.class);
  }

  @GetMapping("/{teamId}")
  Mono<TeamView> get(@PathVariable String teamId) {
    return queries
        .optional(new FindTeam(teamId), TeamView.class)
        .switchIfEmpty(Mono.error(() -> QueryParameters.notFound("no such team")));
  }
}
