package io.llmproxy.command.budget;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.budget.BudgetScope;
import io.llmproxy.kernel.budget.BudgetThresholdReached;
import io.llmproxy.kernel.budget.RecordBudgetThreshold;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetAlertsTest {

  private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
  private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  private static final Budget MONTHLY = new Budget(new BigDecimal("100"), BudgetPeriod.MONTHLY, 80);

  private AggregateTestFixture<BudgetAlerts> fixture;

  private static RecordBudgetThreshold crossing(BudgetScope scope, Instant period, String spent) {
    return new RecordBudgetThreshold(
        scope.alertStreamId("k1"), scope, "k1", MONTHLY, period, new BigDecimal(spent));
  }

  private static BudgetThresholdReached reached(BudgetScope scope, Instant period, String spent) {
    return new BudgetThresholdReached(scope, "k1", MONTHLY, period, new BigDecimal(spent), NOW);
  }

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(BudgetAlerts.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void theFirstCrossingOfAPeriodIsRecordedWithTheSpendThatCrossedIt() {
    fixture
        .givenNoPriorActivity()
        .when(crossing(BudgetScope.KEY, MARCH, "80.000001"))
        .expectEvents(reached(BudgetScope.KEY, MARCH, "80.000001"));
  }

  @Test
  void aTeamsCrossingIsRecordedForTheTeam() {
    fixture
        .givenNoPriorActivity()
        .when(crossing(BudgetScope.TEAM, MARCH, "81"))
        .expectEvents(reached(BudgetScope.TEAM, MARCH, "81"));
  }

  @Test
  void aPeriodIsAlertedOnceHoweverOftenTheCrossingIsReported() {
    fixture
        .given(reached(BudgetScope.KEY, MARCH, "80.5"))
        .when(crossing(BudgetScope.KEY, MARCH, "95"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void theNextPeriodIsAlertedAgain() {
    fixture
        .given(reached(BudgetScope.KEY, MARCH, "80.5"))
        .when(crossing(BudgetScope.KEY, APRIL, "82"))
        .expectEvents(reached(BudgetScope.KEY, APRIL, "82"));
  }

  @Test
  void onlyTheLatestAlertedPeriodSuppressesARepeat() {
    fixture
        .given(reached(BudgetScope.KEY, MARCH, "80.5"), reached(BudgetScope.KEY, APRIL, "82"))
        .when(crossing(BudgetScope.KEY, APRIL, "90"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }
}
