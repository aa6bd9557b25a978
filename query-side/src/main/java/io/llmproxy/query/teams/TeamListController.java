package io.llmproxy.query.teams;

import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import java.time.Clock;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
@PreAuthorize("hasRole('VIEWER')")
@RequestMapping("/api/teams")
class TeamListController {

  private final TeamListReader reader;
  private final Clock clock;

  TeamListController(TeamListReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  @GetMapping
  Mono<Page<TeamView>> list(
      @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
    int size = QueryParameters.limit(limit);
    Cursor after = QueryParameters.cursor(cursor, "cursor");
    // JDBC blocks: off the event loop
    return Mono.fromCallable(() -> reader.list(after, size, clock.instant()))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @GetMapping("/{teamId}")
  Mono<TeamView> get(@PathVariable String teamId) {
    return Mono.fromCallable(() -> reader.find(teamId, clock.instant()))
        .subscribeOn(Schedulers.boundedElastic())
        .map(found -> found.orElseThrow(() -> QueryParameters.notFound("no such team")));
  }
}
