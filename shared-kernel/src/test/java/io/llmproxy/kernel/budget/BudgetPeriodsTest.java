package io.llmproxy.kernel.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BudgetPeriodsTest {

  // Wednesday 2026-03-18 01:30 in Berlin, still Tuesday evening in UTC
  private static final Instant AT = Instant.parse("2026-03-18T00:30:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void periodsStartAtMidnightMondayAndTheFirstOfTheZone() {
    assertThat(BudgetPeriods.startOf(BudgetPeriod.DAILY, AT, BERLIN))
        .isEqualTo(Instant.parse("2026-03-17T23:00:00Z"));
    assertThat(BudgetPeriods.startOf(BudgetPeriod.WEEKLY, AT, BERLIN))
        .isEqualTo(Instant.parse("2026-03-15T23:00:00Z"));
    assertThat(BudgetPeriods.startOf(BudgetPeriod.MONTHLY, AT, BERLIN))
        .isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
    assertThat(BudgetPeriods.startOf(BudgetPeriod.LIFETIME, AT, BERLIN)).isEqualTo(Instant.EPOCH);
  }

  @Test
  void periodsEndWhereTheNextStartsAcrossTheSummerTimeChange() {
    assertThat(BudgetPeriods.endOf(BudgetPeriod.DAILY, AT, BERLIN))
        .isEqualTo(Instant.parse("2026-03-18T23:00:00Z"));
    assertThat(BudgetPeriods.endOf(BudgetPeriod.WEEKLY, AT, BERLIN))
        .isEqualTo(Instant.parse("2026-03-22T23:00:00Z"));
    // Berlin moves to summer time on 2026-03-29: April starts at 22:00 UTC
    assertThat(BudgetPeriods.endOf(BudgetPeriod.MONTHLY, AT, BERLIN))
        .isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
    assertThat(BudgetPeriods.endOf(BudgetPeriod.LIFETIME, AT, BERLIN)).isNull();
  }
}
