package io.llmproxy.query.keys;

import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import java.time.Clock;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The key list. {@code /admin/keys} serves the same list to the admin console, where the admin role
 * is required; {@code /api/keys} to any signed-in viewer.
 */
@RestController
@PreAuthorize("hasRole('VIEWER')")
class KeyListController {

  static final int MAX_SEARCH = 200;

  private final KeyListReader reader;
  private final Clock clock;

  KeyListController(KeyListReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  @GetMapping({"/api/keys", "/admin/keys"})
  Mono<Page<KeyView>> list(
      @RequestParam(required = false) String status,
      @RequestParam(name = "team_id", required = false) String teamId,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    var filter =
        new KeyFilter(
            status == null || status.isBlank() ? null : KeyStatus.parse(status),
            QueryParameters.identifier(teamId, "team_id"),
            QueryParameters.text(q, "q", MAX_SEARCH));
    int size = QueryParameters.limit(limit);
    Cursor after = QueryParameters.cursor(cursor, "cursor");
    // JDBC blocks: off the event loop
    return Mono.fromCallable(() -> reader.list(filter, after, size, clock.instant()))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @GetMapping("/api/keys/{keyId}")
  Mono<KeyView> get(@PathVariable String keyId) {
    return Mono.fromCallable(() -> reader.find(keyId, clock.instant()))
        .subscribeOn(Schedulers.boundedElastic())
        .map(found -> found.orElseThrow(() -> QueryParameters.notFound("no such key")));
  }
}
