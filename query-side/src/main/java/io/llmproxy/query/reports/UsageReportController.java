package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.FetchRequestLog;
import io.llmproxy.kernel.usage.FetchUsageSummary;
import io.llmproxy.kernel.usage.FetchUsageTimeSeries;
import io.llmproxy.kernel.usage.UsageFilter;
import io.llmproxy.kernel.usage.UsageSummary;
import io.llmproxy.kernel.usage.UsageTimeSeries;
import io.llmproxy.query.paging.Cursor;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.paging.QueryParameters;
import io.llmproxy.query.web.QueryDispatcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reporting API. Every read is a query to the report read model's handlers, sent off the event
 * loop; the CSV export streams the log a page at a time; the live feed pushes entries as the
 * projection commits them.
 */
@RestController
@PreAuthorize("hasRole('VIEWER')")
@RequestMapping("/api/usage")
class UsageReportController {

  private static final int CSV_PAGE = 1_000;
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final QueryDispatcher queries;
  private final UsageFeed feed;
  private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

  UsageReportController(QueryDispatcher queries, UsageFeed feed) {
    this.queries = queries;
    this.feed = feed;
  }

  /** Totals over {@code [from, to)}, bounds on whole UTC hours, grouped and filtered. */
  @GetMapping("/summary")
  Mono<ReportViews.Summary> summary(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(name = "groupBy", required = false) String groupBy,
      @RequestParam(required = false) String tz,
      FilterParameters filter) {
    var query =
        new FetchUsageSummary(
            ReportParameters.hourBound(from, "from"),
            ReportParameters.hourBound(to, "to"),
            ReportParameters.groupBy(groupBy),
            filter.parse(),
            ReportParameters.zone(tz));
    ReportParameters.requireOrdered(query.from(), query.to());
    return queries.one(query, UsageSummary.class).map(ReportViews.Summary::of);
  }

  @GetMapping("/timeseries")
  Mono<ReportViews.TimeSeries> timeSeries(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String interval,
      @RequestParam(required = false) String tz,
      FilterParameters filter) {
    ZoneId zone = ReportParameters.zone(tz);
    var query =
        new FetchUsageTimeSeries(
            ReportParameters.hourBound(from, "from"),
            ReportParameters.hourBound(to, "to"),
            ReportParameters.interval(interval),
            filter.parse(),
            zone);
    ReportParameters.requireOrdered(query.from(), query.to());
    return queries
        .one(query, UsageTimeSeries.class)
        .map(series -> ReportViews.TimeSeries.of(query.interval(), zone, series));
  }

  /** The request log, newest first; any instants as bounds ({@code from} inclusive). */
  @GetMapping("/requests")
  Mono<Page<RequestLogEntry>> requests(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      FilterParameters filter,
      @RequestParam(name = "request_id", required = false) String requestId,
      @RequestParam(required = false) String retried,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    LogScope log =
        LogScope.of(
            from, to, filter.parse(), QueryParameters.identifier(requestId, "request_id"), retried);
    Cursor after = QueryParameters.cursor(cursor, "cursor");
    int size = QueryParameters.limit(limit);
    return queries.page(log.page(size, after), RequestLogEntry.class);
  }

  @GetMapping("/requests.csv")
  Mono<ResponseEntity<Flux<DataBuffer>>> requestsCsv(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      FilterParameters filter,
      @RequestParam(required = false) String retried) {
    FetchRequestLog first =
        LogScope.of(from, to, filter.parse(), null, retried).page(CSV_PAGE, null);
    // each page is asked for once the one before has been read, so at most one page waits ahead of
    // the client: the log is never held whole
    Flux<Page<RequestLogEntry>> pages =
        queries
            .page(first, RequestLogEntry.class)
            .expand(
                page ->
                    page.hasMore()
                        ? queries.page(first.next(page.nextCursor()), RequestLogEntry.class)
                        : Mono.empty());
    Flux<String> rows =
        Flux.concat(
            Flux.just(RequestLogCsv.HEADER), pages.map(page -> RequestLogCsv.rows(page.data())));
    return Mono.just(
        ResponseEntity.ok()
            .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"requests.csv\"")
            .body(rows.map(text -> buffers.wrap(text.getBytes(StandardCharsets.UTF_8)))));
  }

  /** Live usage: one {@code usage} event per recorded entry, heartbeats between. */
  @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<RequestLogEntry>> stream(FilterParameters filter) {
    UsageFilter usage = filter.parse();
    Flux<ServerSentEvent<RequestLogEntry>> entries =
        feed.entries()
            .filter(
                entry ->
                    usage.matches(
                        entry.keyId(),
                        entry.teamId(),
                        entry.alias(),
                        entry.provider(),
                        entry.outcome()))
            .onBackpressureDrop()
            .map(entry -> ServerSentEvent.builder(entry).event("usage").build());
    Flux<ServerSentEvent<RequestLogEntry>> heartbeats =
        Flux.interval(HEARTBEAT)
            .map(tick -> ServerSentEvent.<RequestLogEntry>builder().comment("keep-alive").build());
    return Flux.merge(
        Flux.just(ServerSentEvent.<RequestLogEntry>builder().comment("connected").build()),
        entries,
        heartbeats);
  }

  /**
   * The filters every reporting endpoint takes, bound from the query string by name and checked by
   * {@link #parse}, so that a bad value is a 400 naming its parameter.
   */
  record FilterParameters(String key, String team, String alias, String provider, String outcome) {

    UsageFilter parse() {
      return ReportParameters.filter(key, team, alias, provider, outcome);
    }
  }

  /** The request-log entries a request asks for, its parameters checked. */
  private record LogScope(
      Instant from, Instant to, UsageFilter usage, String requestId, boolean withRetried) {

    static LogScope of(
        String from, String to, UsageFilter usage, String requestId, String retried) {
      var start = QueryParameters.instant(from, "from");
      var end = QueryParameters.instant(to, "to");
      ReportParameters.requireOrdered(start, end);
      return new LogScope(start, end, usage, requestId, ReportParameters.flag(retried, "retried"));
    }

    FetchRequestLog page(int limit, Cursor after) {
      return new FetchRequestLog(
          from, to, usage, requestId, withRetried, limit, after == null ? null : after.encode());
    }
  }
}
