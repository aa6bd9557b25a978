package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.keys.TeamRegistry;
import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.budget.BudgetScope;
import io.llmproxy.kernel.budget.RecordBudgetThreshold;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.kernel.teams.TeamCreated;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Admission against a key's and its team's budgets, the reservation held until release, and the
 * threshold alert a recorded cost sends.
 */
class BudgetGuardTest {

  private static final Instant NOW = Instant.parse("2026-03-04T15:00:00Z");
  private static final Instant TODAY = Instant.parse("2026-03-04T00:00:00Z");

  private final MovableClock clock = new MovableClock(NOW);
  private final TeamRegistry teams = new TeamRegistry();
  private final Map<String, BigDecimal> ledgerSpend = new HashMap<>();
  private final List<String> historyReads = new ArrayList<>();
  private final BlockingQueue<RecordBudgetThreshold> alerts = new LinkedBlockingQueue<>();
  private BudgetGuard guard;

  @BeforeEach
  void createTheGuard() {
    SpendHistory history =
        new SpendHistory(null) {
          @Override
          BigDecimal spentSince(BudgetScope scope, String scopeId, Instant since) {
            historyReads.add(scope + ":" + scopeId + "@" + since);
            return ledgerSpend.getOrDefault(scope + ":" + scopeId, BigDecimal.ZERO);
          }
        };
    SimpleCommandBus bus = SimpleCommandBus.builder().build();
    bus.subscribe(
        RecordBudgetThreshold.class.getName(),
        command -> {
          alerts.add((RecordBudgetThreshold) command.getPayload());
          return null;
        });
    guard =
        new BudgetGuard(
            teams,
            history,
            DefaultCommandGateway.builder().commandBus(bus).build(),
            clock,
            ZoneOffset.UTC);
  }

  @Test
  void withoutABudgetNothingIsComputedOrHeld() {
    BudgetGuard.Admission admission =
        guard.admit(
            key("k1", null, null),
            () -> {
              throw new AssertionError("the maximum must not be computed without a budget");
            });

    assertThat(admission).isSameAs(BudgetGuard.Admission.NONE);
    assertThat(historyReads).isEmpty();
  }

  @Test
  void aKeyBudgetStartsFromItsLedgerSpendInThePeriod() {
    ledgerSpend.put("KEY:k1", usd("9"));
    RegisteredKey key = key("k1", null, daily("10"));

    guard.admit(key, () -> usd("1"));

    assertThat(historyReads).containsExactly("KEY:k1@" + TODAY);
    assertThat(catchThrowableOfType(ApiException.class, () -> guard.admit(key, () -> usd("0.01"))))
        .isNotNull();
  }

  @Test
  void aRequestThatWouldPassTheLimitIsA429SayingWhenTheBudgetResets() {
    ledgerSpend.put("KEY:k1", usd("9.5"));
    RegisteredKey key = key("k1", null, daily("10"));

    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> guard.admit(key, () -> usd("0.51")));

    assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(refused.type()).isEqualTo("insufficient_quota");
    assertThat(refused.code()).isEqualTo("insufficient_quota");
    assertThat(refused.getMessage())
        .isEqualTo(
            "The daily budget of $10 for this key does not leave room for this request ($9.5"
                + " spent; it resets at 2026-03-05T00:00:00Z).");
    assertThat(refused.headers()).containsExactly(Map.entry("Retry-After", "32400"));
  }

  @Test
  void retryAfterIsAtLeastOneSecond() {
    clock.now = Instant.parse("2026-03-04T23:59:59.600Z");
    RegisteredKey key = key("k1", null, daily("10"));

    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> guard.admit(key, () -> usd("11")));

    assertThat(refused.headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void aLifetimeBudgetNeverResets() {
    RegisteredKey key = key("k1", null, new Budget(usd("2"), BudgetPeriod.LIFETIME, null));

    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> guard.admit(key, () -> usd("3")));

    assertThat(refused.getMessage())
        .isEqualTo(
            "The lifetime budget of $2 for this key does not leave room for this request"
                + " ($0 spent).");
    assertThat(refused.headers()).isEmpty();
  }

  @Test
  void theReservationIsHeldUntilReleasedAndReleasedOnlyOnce() {
    RegisteredKey key = key("k1", null, daily("10"));
    BudgetGuard.Admission first = guard.admit(key, () -> usd("6"));
    BudgetGuard.Admission second = guard.admit(key, () -> usd("4"));

    assertThat(catchThrowableOfType(ApiException.class, () -> guard.admit(key, () -> usd("1"))))
        .isNotNull();

    first.release();
    first.release();
    // a second release of the first must not give back the second's 4 as well
    assertThat(catchThrowableOfType(ApiException.class, () -> guard.admit(key, () -> usd("6.01"))))
        .isNotNull();
    guard.admit(key, () -> usd("6"));
    second.release();
  }

  @Test
  void aTeamBudgetRefusesForAllItsKeysAndSaysSo() {
    team("t1", daily("5"));
    ledgerSpend.put("TEAM:t1", usd("3"));
    guard.admit(key("k1", "t1", null), () -> usd("1"));

    ApiException refused =
        catchThrowableOfType(
            ApiException.class, () -> guard.admit(key("k2", "t1", null), () -> usd("1.01")));

    assertThat(refused.getMessage())
        .startsWith(
            "The daily budget of $5 for this key's team does not leave room for this request"
                + " ($3 spent");
    guard.admit(key("k2", "t1", null), () -> usd("1"));
  }

  @Test
  void aTeamRefusalGivesBackWhatTheKeyReserved() {
    team("t1", daily("5"));
    RegisteredKey key = key("k1", "t1", daily("10"));

    assertThat(catchThrowableOfType(ApiException.class, () -> guard.admit(key, () -> usd("6"))))
        .isNotNull();

    // had the key kept its 6, 6 + 5 would pass its limit of 10
    guard.admit(key, () -> usd("5"));
  }

  @Test
  void recordedCostsCountAgainstTheKeyAndItsTeam() {
    team("t1", daily("100"));
    RegisteredKey key = key("k1", "t1", daily("10"));
    RegisteredKey other = key("k2", "t1", null);
    guard.admit(key, () -> usd("0")).release();
    guard.admit(other, () -> usd("0")).release();

    guard.recorded(entry("k1", "t1", usd("9")));
    guard.recorded(entry("k2", "t1", usd("90")));

    assertThat(catchThrowableOfType(ApiException.class, () -> guard.admit(key, () -> usd("1.01"))))
        .hasMessageContaining("$9 spent");
    assertThat(catchThrowableOfType(ApiException.class, () -> guard.admit(other, () -> usd("2"))))
        .hasMessageContaining("$99 spent");
    guard.admit(key, () -> usd("1"));
  }

  @Test
  void entriesWithoutACostChangeNothing() {
    RegisteredKey key = key("k1", null, new Budget(usd("10"), BudgetPeriod.DAILY, 1));
    guard.admit(key, () -> usd("0")).release();

    guard.recorded(entry("k1", null, null));
    guard.recorded(entry("k1", null, BigDecimal.ZERO));

    guard.admit(key, () -> usd("10"));
    assertThat(alerts).isEmpty();
  }

  @Test
  void reachingTheThresholdSendsOneAlertWithTheSpend() throws InterruptedException {
    Budget budget = new Budget(usd("10"), BudgetPeriod.DAILY, 50);
    team("t1", budget);
    guard.admit(key("k1", "t1", budget), () -> usd("0")).release();

    guard.recorded(entry("k1", "t1", usd("4.99")));
    guard.recorded(entry("k1", "t1", usd("0.01")));
    guard.recorded(entry("k1", "t1", usd("1")));

    RecordBudgetThreshold first = alerts.poll(10, TimeUnit.SECONDS);
    RecordBudgetThreshold second = alerts.poll(10, TimeUnit.SECONDS);
    List<RecordBudgetThreshold> both = List.of(first, second);
    assertThat(both)
        .containsExactlyInAnyOrder(
            new RecordBudgetThreshold(
                "budget-key-k1", BudgetScope.KEY, "k1", budget, TODAY, usd("5.00")),
            new RecordBudgetThreshold(
                "budget-team-t1", BudgetScope.TEAM, "t1", budget, TODAY, usd("5.00")));
    assertThat(alerts.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  private void team(String teamId, Budget budget) {
    teams.on(new TeamCreated(teamId, new TeamAttributes(teamId, null, null, budget), NOW), 0);
  }

  private static RegisteredKey key(String keyId, String teamId, Budget budget) {
    return new RegisteredKey(
        keyId, keyId, Set.of("*"), null, null, teamId, budget, "hash", null, null, false, false, 0);
  }

  private UsageRecorded entry(String keyId, String teamId, BigDecimal cost) {
    return new UsageRecorded(
        "req-" + keyId,
        keyId,
        "alias",
        "openai",
        "gpt-4o",
        TokenUsage.of(10, 5),
        false,
        UsageOutcome.SUCCESS,
        12,
        clock.now,
        "chat.completions",
        false,
        null,
        cost,
        cost == null ? null : "gpt-4o#1",
        teamId,
        1,
        false);
  }

  private static Budget daily(String limit) {
    return new Budget(usd(limit), BudgetPeriod.DAILY, null);
  }

  private static BigDecimal usd(String amount) {
    return new BigDecimal(amount);
  }
}
