package io.llmproxy.query.audit;

import io.llmproxy.kernel.audit.FetchAdminEvents;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.web.QueryDispatcher;
import java.time.Instant;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("hasRole('VIEWER')")
class AdminAuditController {

  static final int MAX_ACTOR = 200;
  private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,99}");

  private final QueryDispatcher queries;

  AdminAuditController(QueryDispatcher queries) {
    this.queries = queries;
  }

  /** Newest first; {@code before} is the {@code next_cursor} of the previous page. */
  @GetMapping("/api/audit/admin-events")
  Mono<Page<AdminEventView>> list(
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(name = "subject_id", required = false) String subjectId,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String before) {
    String who = QueryParameters.text(actor, "actor", MAX_ACTOR);
    String what = action(action);
    String subject = QueryParameters.identifier(subjectId, "subject_id");
    Instant from = QueryParameters.instant(since, "since");
    Instant to = QueryParameters.instant(until, "until");
    if (from != null && to != null && !from.isBefore(to)) {
      throw QueryParameters.badRequest("since must be before until");
    }
    int size = QueryParameters.limit(limit);
    Cursor cursor = QueryParameters.cursor(before, "before");
    var query =
        new FetchAdminEvents(
            who, what, subject, from, to, size, cursor == null ? null : cursor.encode());
    return queries.page(query, AdminEventView.class);
  }

  private static String action(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (!ACTION.matcher(raw).matches()) {
      throw QueryParameters.badRequest("action must be an event name such as ApiKeyRevoked");
    }
    return raw;
  }
}
