package io.llmproxy.query.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values as exports spell them. Counts are whole numbers, but spreadsheet-made files write them as
 * {@code 10.0}, so any decimal without a fraction is accepted. {@code where} names the line or
 * field in error messages.
 */
final class ExportValues {

  /** A date, optionally with a time of day, in UTC (the only zone a {@code _utc} column holds). */
  private static final Pattern UTC_DAY =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})(?:[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?"
              + " ?(?:Z|UTC|[+-]00:?00)?)?");

  private ExportValues() {}

  static long wholeNumber(BigDecimal value, String where) {
    if (value.signum() < 0) {
      throw new ExportParseException(where + ": " + value.toPlainString() + " is negative");
    }
    try {
      return value.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw new ExportParseException(
          where + ": " + value.toPlainString() + " is not a whole number of tokens or requests");
    }
  }

  /** Blank counts as zero: exports leave cells empty where nothing was used. */
  static long wholeNumber(String text, String where) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    return wholeNumber(decimal(text, where), where);
  }

  static BigDecimal decimal(String text, String where) {
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new ExportParseException(where + ": \"" + shorten(text) + "\" is not a number");
    }
  }

  /** An ISO-8601 date-time with a zone or offset, such as {@code 2026-01-31T00:00:00+00:00}. */
  static Instant instant(String text, String where) {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new ExportParseException(
          where
              + ": \""
              + shorten(text)
              + "\" is not an ISO-8601 time such as 2026-01-31T00:00:00Z");
    }
  }

  static Instant epochSeconds(String text, String where) {
    return Instant.ofEpochSecond(wholeNumber(text, where));
  }

  static LocalDate utcDay(String text, String where) {
    Matcher matcher = UTC_DAY.matcher(text == null ? "" : text.strip());
    if (matcher.matches()) {
      try {
        return LocalDate.parse(matcher.group(1));
      } catch (DateTimeParseException e) {
        // falls through to the message below
      }
    }
    throw new ExportParseException(
        where + ": \"" + shorten(text) + "\" is not a UTC date such as 2026-01-31");
  }

  /**
   * The UTC day a usage bucket belongs to. A bucket must lie within one day, since its usage cannot
   * be split between two; OpenAI and Anthropic align day buckets to UTC midnight.
   */
  static LocalDate bucketDay(Instant start, Instant end, String where) {
    LocalDate day = start.atZone(ZoneOffset.UTC).toLocalDate();
    if (end != null) {
      Instant nextMidnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      if (!end.isAfter(start) || end.isAfter(nextMidnight)) {
        throw new ExportParseException(
            where
                + ": the bucket "
                + start
                + " to "
                + end
                + " is not within one UTC day; export with a bucket width of 1d, 1h or 1m");
      }
    }
    return day;
  }

  static String shorten(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
