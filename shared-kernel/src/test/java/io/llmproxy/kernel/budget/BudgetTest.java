package io.llmproxy.kernel.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BudgetTest {

  @Test
  void theSmallestLimitAndBothAlertBoundsAreAccepted() {
    var tenDigits = new BigDecimal("0.0000000001");
    assertThat(new Budget(tenDigits, BudgetPeriod.DAILY, 1).limitUsd()).isEqualTo(tenDigits);
    assertThat(new Budget(BigDecimal.ONE, BudgetPeriod.DAILY, 100).alertAtPercent()).isEqualTo(100);
    assertThat(new Budget(new BigDecimal("5.000000000000"), BudgetPeriod.LIFETIME, null).period())
        .isEqualTo(BudgetPeriod.LIFETIME);
  }

  @Test
  void aLimitOfZeroOrLessOrNoneIsRefused() {
    assertRefused(BigDecimal.ZERO, BudgetPeriod.DAILY, null, "more than 0");
    assertRefused(new BigDecimal("-1"), BudgetPeriod.DAILY, null, "more than 0");
    assertRefused(null, BudgetPeriod.DAILY, null, "more than 0");
  }

  @Test
  void aLimitFinerThanTenDecimalsIsRefused() {
    assertRefused(new BigDecimal("0.00000000001"), BudgetPeriod.DAILY, null, "decimal places");
  }

  @Test
  void aBudgetNeedsAPeriod() {
    assertRefused(BigDecimal.ONE, null, null, "budget.period");
  }

  @Test
  void alertsOutsideOneToAHundredAreRefused() {
    assertRefused(BigDecimal.ONE, BudgetPeriod.DAILY, 0, "alert_at_percent");
    assertRefused(BigDecimal.ONE, BudgetPeriod.DAILY, 101, "alert_at_percent");
  }

  @Test
  void alertStreamsAreApartPerScope() {
    assertThat(BudgetScope.KEY.alertStreamId("x")).isEqualTo("budget-key-x");
    assertThat(BudgetScope.TEAM.alertStreamId("x")).isEqualTo("budget-team-x");
  }

  private static void assertRefused(
      BigDecimal limit, BudgetPeriod period, Integer alert, String message) {
    assertThatThrownBy(() -> new Budget(limit, period, alert))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
