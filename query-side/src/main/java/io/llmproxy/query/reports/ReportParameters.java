package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.UsageFilter;
import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.query.paging.QueryParameters;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Query-string parsing shared by the reporting endpoints; every refusal names its parameter. */
final class ReportParameters {

  private ReportParameters() {}

  static UsageFilter filter(
      String key, String team, String alias, String provider, String outcome) {
    return new UsageFilter(
        QueryParameters.identifier(key, "key"),
        QueryParameters.identifier(team, "team"),
        QueryParameters.text(alias, "alias", 128),
        QueryParameters.text(provider, "provider", 128),
        outcome(outcome));
  }

  static UsageOutcome outcome(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    for (UsageOutcome outcome : UsageOutcome.values()) {
      if (outcome.wireName().equals(raw.strip())) {
        return outcome;
      }
    }
    throw QueryParameters.badRequest(
        "outcome must be one of "
            + Arrays.stream(UsageOutcome.values())
                .map(UsageOutcome::wireName)
                .collect(Collectors.joining(", ")));
  }

  /** A bound of a report from the hourly totals: an instant on a whole UTC hour. */
  static Instant hourBound(String raw, String name) {
    Instant instant = QueryParameters.instant(raw, name);
    if (instant != null && !instant.truncatedTo(ChronoUnit.HOURS).equals(instant)) {
      throw QueryParameters.badRequest(name + " must fall on a whole UTC hour");
    }
    return instant;
  }

  static void requireOrdered(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw QueryParameters.badRequest("from must be before to");
    }
  }

  static ZoneId zone(String raw) {
    if (raw == null || raw.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(raw.strip());
    } catch (DateTimeException e) {
      throw QueryParameters.badRequest(
          "tz must be an IANA time zone such as Europe/Paris, or an offset such as +02:00");
    }
  }

  static List<UsageGrouping> groupBy(String raw) {
    List<UsageGrouping> groupings = new ArrayList<>();
    if (raw == null || raw.isBlank()) {
      return groupings;
    }
    for (String part : raw.split(",", -1)) {
      UsageGrouping grouping = grouping(part.strip(), "groupBy");
      if (!groupings.contains(grouping)) {
        groupings.add(grouping);
      }
    }
    if (groupings.contains(UsageGrouping.DAY) && groupings.contains(UsageGrouping.HOUR)) {
      throw QueryParameters.badRequest("groupBy takes day or hour, not both");
    }
    return groupings;
  }

  static UsageGrouping interval(String raw) {
    if (raw == null || raw.isBlank()) {
      return UsageGrouping.DAY;
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "day" -> UsageGrouping.DAY;
      case "hour" -> UsageGrouping.HOUR;
      default -> throw QueryParameters.badRequest("interval must be hour or day");
    };
  }

  private static UsageGrouping grouping(String name, String parameter) {
    for (UsageGrouping grouping : UsageGrouping.values()) {
      if (grouping.wireName().equals(name.toLowerCase(Locale.ROOT))) {
        return grouping;
      }
    }
    throw QueryParameters.badRequest(
        parameter
            + " accepts "
            + Arrays.stream(UsageGrouping.values())
                .map(UsageGrouping::wireName)
                .collect(Collectors.joining(", "))
            + ", comma-separated");
  }

  static boolean flag(String raw, String name) {
    if (raw == null || raw.isBlank()) {
      return false;
    }
    return switch (raw.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw QueryParameters.badRequest(name + " must be true or false");
    };
  }
}
