package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.FetchUsageSummary;
import io.llmproxy.kernel.usage.UsageGrouping;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
@RequestMapping("/api/usage")
class UsageReportController {

  private final UsageSummaryQueries queries;

  UsageReportController(UsageSummaryQueries queries) {
    this.queries = queries;
  }

  /**
   * Totals over {@code [from, to)}. Bounds are ISO-8601 instants on whole UTC hours because the
   * figures come from hourly rollups, and a bound inside an hour could not be answered exactly.
   */
  @GetMapping("/summary")
  Mono<UsageTotalsView.Summary> summary(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(name = "groupBy", required = false) String groupBy) {
    var query =
        new FetchUsageSummary(hourBound(from, "from"), hourBound(to, "to"), groupings(groupBy));
    if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
      throw badRequest("from must be before to");
    }
    return Mono.fromCallable(() -> UsageTotalsView.Summary.of(queries.handle(query)))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static Instant hourBound(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw badRequest(name + " must be an ISO-8601 instant such as 2026-01-31T10:00:00Z");
    }
    if (!instant.truncatedTo(ChronoUnit.HOURS).equals(instant)) {
      throw badRequest(name + " must fall on a whole UTC hour");
    }
    return instant;
  }

  private static List<UsageGrouping> groupings(String groupBy) {
    List<UsageGrouping> groupings = new ArrayList<>();
    if (groupBy == null || groupBy.isBlank()) {
      return groupings;
    }
    for (String part : groupBy.split(",")) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      try {
        UsageGrouping grouping = UsageGrouping.valueOf(name);
        if (!groupings.contains(grouping)) {
          groupings.add(grouping);
        }
      } catch (IllegalArgumentException e) {
        throw badRequest("groupBy accepts key and alias, comma-separated");
      }
    }
    return groupings;
  }

  private static ResponseStatusException badRequest(String message) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
  }
}
