package io.llmproxy.query.keys;

import io.llmproxy.kernel.keys.FetchKeyList;
import io.llmproxy.kernel.keys.FindKey;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.web.QueryDispatcher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The key list. {@code /admin/keys} serves the same list to the admin console, where the admin role
 * is required; {@code /api/keys} to any signed-in viewer.
 */
@RestController
@PreAuthorize("hasRole('VIEWER')")
class KeyListController {

  static final int MAX_SEARCH = 200;

  private final QueryDispatcher queries;

  KeyListController(QueryDispatcher queries) {
    this.queries = queries;
  }

  @GetMapping({"/api/keys", "/admin/keys"})
  Mono<Page<KeyView>> list(
      @RequestParam(required = false) String status,
      @RequestParam(name = "team_id", required = false) String teamId,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    // checked in the order the parameters were always checked: the first bad one is named
    KeyStatus wanted = status == null || status.isBlank() ? null : KeyStatus.parse(status);
    String team = QueryParameters.identifier(teamId, "team_id");
    String text = QueryParameters.text(q, "q", MAX_SEARCH);
    int size = QueryParameters.limit(limit);
    Cursor after = QueryParameters.cursor(cursor, "cursor");
    var query =
        new FetchKeyList(
            wanted == null ? null : wanted.wire(),
            team,
            text,
            size,
            after == null ? null : after.encode());
    return queries.page(query, KeyView.class);
  }

  @GetMapping("/api/keys/{keyId}")
  Mono<KeyView> get(@PathVariable String keyId) {
    return queries
        .optional(new FindKey(keyId), KeyView.class)
        .switchIfEmpty(Mono.error(() -> QueryParameters.notFound("no such key")));
  }
}
