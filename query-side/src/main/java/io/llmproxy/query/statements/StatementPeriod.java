package io.llmproxy.query.statements;

import io.llmproxy.query.paging.QueryParameters;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** A calendar month in UTC: {@code [from, to)}. */
record StatementPeriod(YearMonth month) {

  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

  static StatementPeriod parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw QueryParameters.badRequest("period is required: a month as YYYY-MM, such as 2026-11");
    }
    String text = raw.strip();
    try {
      if (MONTH.matcher(text).matches()) {
        return new StatementPeriod(YearMonth.parse(text));
      }
    } catch (DateTimeParseException e) {
      // a month number outside 01-12 falls through to the same answer
    }
    throw QueryParameters.badRequest("period must be a month as YYYY-MM, such as 2026-11");
  }

  Instant from() {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  Instant to() {
    return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return month.toString();
  }
}
