package io.llmproxy.command.teams;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.teams.CreateTeam;
import io.llmproxy.kernel.teams.TeamAttribute;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.kernel.teams.TeamCreated;
import io.llmproxy.kernel.teams.TeamUpdated;
import io.llmproxy.kernel.teams.UpdateTeam;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Budget BUDGET = new Budget(new BigDecimal("100"), BudgetPeriod.MONTHLY, 80);
  private static final TeamAttributes RESEARCH =
      new TeamAttributes("research", new RateLimits(600L, null), new RateLimits(60L, null), BUDGET);

  private AggregateTestFixture<Team> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Team.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void creatingATeamRecordsItsLimitsAndBudget() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateTeam("team_1", RESEARCH))
        .expectEvents(new TeamCreated("team_1", RESEARCH, NOW));
  }

  @Test
  void aTeamNeedsAName() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateTeam("team_1", new TeamAttributes(" ", null, null, null)))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
    fixture
        .given(new TeamCreated("team_1", RESEARCH, NOW))
        .when(new UpdateTeam("team_1", "", null, null, null, null))
        .expectException(IllegalArgumentException.class);
  }

  @Test
  void anUpdateChangesWhatItNamesAndClearsWhatItClears() {
    TeamAttributes expected =
        new TeamAttributes("research", new RateLimits(1200L, null), null, null);
    fixture
        .given(new TeamCreated("team_1", RESEARCH, NOW))
        .when(
            new UpdateTeam(
                "team_1",
                null,
                new RateLimits(1200L, null),
                null,
                null,
                Set.of(TeamAttribute.KEY_LIMITS, TeamAttribute.BUDGET)))
        .expectResultMessagePayload(expected)
        .expectEvents(new TeamUpdated("team_1", expected, NOW));
  }

  @Test
  void anUpdateThatChangesNothingRecordsNothing() {
    fixture
        .given(new TeamCreated("team_1", RESEARCH, NOW))
        .when(new UpdateTeam("team_1", "research", null, null, BUDGET, null))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void budgetsArePositiveExactAndHaveAPeriod() {
    assertThatThrownBy(() -> new Budget(BigDecimal.ZERO, BudgetPeriod.DAILY, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Budget(BigDecimal.TEN, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Budget(new BigDecimal("0.00000000001"), BudgetPeriod.DAILY, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Budget(BigDecimal.TEN, BudgetPeriod.DAILY, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
