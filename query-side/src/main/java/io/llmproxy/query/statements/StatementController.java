package io.llmproxy.query.statements;

import io.llmproxy.kernel.statements.FetchStatement;
import io.llmproxy.kernel.statements.StatementOwner;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.web.QueryDispatcher;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/statements?key=…|team=…&period=YYYY-MM}: JSON by default, CSV for {@code
 * format=csv} or {@code Accept: text/csv}. An id without usage in the month, known or not, gets an
 * empty statement: statements are derived from the usage ledger alone.
 */
@RestController
@PreAuthorize("hasRole('VIEWER')")
class StatementController {

  static final String PATH = "/api/statements";
  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private final QueryDispatcher queries;

  StatementController(QueryDispatcher queries) {
    this.queries = queries;
  }

  // Four mappings, because the answer's type follows the request: without a format parameter,
  // JSON, or CSV when Accept names text/csv (for Accept: any, Spring prefers the mapping without
  // produces); format=csv gives CSV whatever Accept says; any other format must be json.

  @GetMapping(path = PATH, params = "!format")
  Mono<Statement> json(
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String team,
      @RequestParam(required = false) String period) {
    return json(Query.of(key, team, period));
  }

  @GetMapping(
      path = PATH,
      params = {"format", "format!=csv"})
  Mono<Statement> jsonByParameter(
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String team,
      @RequestParam(required = false) String period,
      @RequestParam String format) {
    if (!format.equals("json")) {
      throw QueryParameters.badRequest("format must be json or csv");
    }
    return json(Query.of(key, team, period));
  }

  @GetMapping(path = PATH, params = "!format", produces = "text/csv")
  Mono<ResponseEntity<Flux<String>>> csvByAccept(
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String team,
      @RequestParam(required = false) String period) {
    return Mono.fromSupplier(() -> csv(Query.of(key, team, period)));
  }

  @GetMapping(path = PATH, params = "format=csv")
  Mono<ResponseEntity<Flux<String>>> csvByParameter(
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String team,
      @RequestParam(required = false) String period) {
    return Mono.fromSupplier(() -> csv(Query.of(key, team, period)));
  }

  private Mono<Statement> json(Query query) {
    return queries.one(query.fetch(), Statement.class);
  }

  /** A statement holds one line per model used, so it is read whole and then written out. */
  private ResponseEntity<Flux<String>> csv(Query query) {
    Flux<String> body =
        queries
            .one(query.fetch(), Statement.class)
            .flatMapMany(
                statement ->
                    Flux.concat(
                        Flux.just(StatementCsv.HEADER),
                        Flux.fromIterable(statement.lines()).map(StatementCsv::line),
                        Mono.just(
                            StatementCsv.total(statement.totals(), statement.unpricedRequests()))));
    String file =
        String.format(
            Locale.ROOT, "statement-%s-%s-%s.csv", query.scope.ownerKind, query.id, query.period);
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
        .body(body);
  }

  private record Query(StatementScope scope, String id, StatementPeriod period) {

    static Query of(String key, String team, String period) {
      String keyId = QueryParameters.identifier(key, "key");
      String teamId = QueryParameters.identifier(team, "team");
      if ((keyId == null) == (teamId == null)) {
        throw QueryParameters.badRequest("key or team: exactly one of them is required");
      }
      StatementPeriod month = StatementPeriod.parse(period);
      return keyId != null
          ? new Query(StatementScope.KEY, keyId, month)
          : new Query(StatementScope.TEAM, teamId, month);
    }

    FetchStatement fetch() {
      return new FetchStatement(StatementOwner.valueOf(scope.name()), id, period.month());
    }
  }
}
