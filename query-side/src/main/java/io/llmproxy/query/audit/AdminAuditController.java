package io.llmproxy.query.audit;

import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
@PreAuthorize("hasRole('VIEWER')")
class AdminAuditController {

  static final int MAX_ACTOR = 200;
  private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,99}");

  private final AdminAuditReader reader;

  AdminAuditController(AdminAuditReader reader) {
    this.reader = reader;
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
    var filter =
        new AdminEventFilter(
            QueryParameters.text(actor, "actor", MAX_ACTOR),
            action(action),
            QueryParameters.identifier(subjectId, "subject_id"),
            QueryParameters.instant(since, "since"),
            QueryParameters.instant(until, "until"));
    if (filter.since() != null
        && filter.until() != null
        && !filter.since().isBefore(filter.until())) {
      throw QueryParameters.badRequest("since must be before until");
    }
    int size = QueryParameters.limit(limit);
    Cursor cursor = QueryParameters.cursor(before, "before");
    // JDBC blocks: off the event loop
    return Mono.fromCallable(() -> reader.list(filter, cursor, size))
        .subscribeOn(Schedulers.boundedElastic());
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
