package io.llmproxy.kernel.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * Calendar periods in a configured time zone: days start at midnight, weeks on Monday, months on
 * the first. A lifetime budget's period starts at the epoch and never ends.
 */
public final class BudgetPeriods {

  private BudgetPeriods() {}

  public static Instant startOf(BudgetPeriod period, Instant at, ZoneId zone) {
    LocalDate day = at.atZone(zone).toLocalDate();
    LocalDate first =
        switch (period) {
          case DAILY -> day;
          case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTHLY -> day.withDayOfMonth(1);
          case LIFETIME -> null;
        };
    return first == null ? Instant.EPOCH : first.atStartOfDay(zone).toInstant();
  }

  /** When the period containing {@code at} ends, or null for a lifetime budget. */
  public static Instant endOf(BudgetPeriod period, Instant at, ZoneId zone) {
    LocalDate start = startOf(period, at, zone).atZone(zone).toLocalDate();
    LocalDate next =
        switch (period) {
          case DAILY -> start.plusDays(1);
          case WEEKLY -> start.plusWeeks(1);
          case MONTHLY -> start.plusMonths(1);
          case LIFETIME -> null;
        };
    return next == null ? null : next.atStartOfDay(zone).toInstant();
  }
}
