package io.llmproxy.edge.budget;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.keys.RegisteredTeam;
import io.llmproxy.edge.keys.TeamRegistry;
import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriods;
import io.llmproxy.kernel.budget.BudgetScope;
import io.llmproxy.kernel.budget.RecordBudgetThreshold;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * Hard budgets per key and per team, race-free: a request is admitted only if its key's and its
 * team's spend so far, plus the most every request still in flight may cost, plus the most this one
 * may cost, stays within the limit; that maximum is reserved until the request's usage is in the
 * ledger, then replaced by the actual cost. Concurrent requests therefore can never spend more than
 * the limit, however they interleave, as long as no request costs more than its maximum.
 */
@Component
public class BudgetGuard {

  private static final Logger log = LoggerFactory.getLogger(BudgetGuard.class);

  private final TeamRegistry teams;
  private final SpendHistory history;
  private final CommandGateway commands;
  private final Clock clock;
  private final ZoneId zone;
  private final Map<String, SpendTracker> trackers = new ConcurrentHashMap<>();

  BudgetGuard(
      TeamRegistry teams,
      SpendHistory history,
      CommandGateway commands,
      Clock clock,
      @Value("${llmproxy.budget.time-zone:UTC}") ZoneId zone) {
    this.teams = teams;
    this.history = history;
    this.commands = commands;
    this.clock = clock;
    this.zone = zone;
  }

  /** Money held for one admitted request until its end is recorded. */
  public static final class Admission {

    static final Admission NONE = new Admission(List.of(), BigDecimal.ZERO);

    private final List<SpendTracker> held;
    private final BigDecimal maximum;
    private final AtomicBoolean released = new AtomicBoolean();

    private Admission(List<SpendTracker> held, BigDecimal maximum) {
      this.held = held;
      this.maximum = maximum;
    }

    /** Gives the reservation back; the second and later calls do nothing. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        held.forEach(tracker -> tracker.release(maximum));
      }
    }
  }

  /**
   * Admits a request that may cost up to {@code maximum} (computed only if a budget applies), or
   * refuses it with 429 {@code insufficient_quota}.
   */
  public Admission admit(RegisteredKey key, Supplier<BigDecimal> maximum) {
    RegisteredTeam team = teams.find(key.teamId()).orElse(null);
    boolean keyBudget = key.budget() != null;
    boolean teamBudget = team != null && team.budget() != null;
    if (!keyBudget && !teamBudget) {
      return Admission.NONE;
    }
    BigDecimal most = maximum.get();
    Instant now = clock.instant();
    List<SpendTracker> held = new ArrayList<>(2);
    try {
      if (keyBudget) {
        reserve(BudgetScope.KEY, key.keyId(), key.budget(), most, now, held);
      }
      if (teamBudget) {
        reserve(BudgetScope.TEAM, team.teamId(), team.budget(), most, now, held);
      }
    } catch (ApiException refused) {
      held.forEach(tracker -> tracker.release(most));
      throw refused;
    }
    return new Admission(held, most);
  }

  /** Adds a recorded entry's cost to its key's and team's spend, and alerts at the threshold. */
  public void recorded(UsageRecorded entry) {
    if (entry.cost() == null || entry.cost().signum() == 0) {
      return;
    }
    Instant now = clock.instant();
    record(BudgetScope.KEY, entry.keyId(), entry, now);
    if (entry.teamId() != null) {
      record(BudgetScope.TEAM, entry.teamId(), entry, now);
    }
  }

  private void record(BudgetScope scope, String scopeId, UsageRecorded entry, Instant now) {
    SpendTracker tracker = trackers.get(scope + ":" + scopeId);
    if (tracker != null && tracker.record(entry.cost(), entry.occurredAt(), now)) {
      alert(scope, scopeId, tracker);
    }
  }

  private void reserve(
      BudgetScope scope,
      String scopeId,
      Budget budget,
      BigDecimal most,
      Instant now,
      List<SpendTracker> held) {
    SpendTracker tracker =
        trackers.computeIfAbsent(
            scope + ":" + scopeId,
            id ->
                new SpendTracker(
                    budget, zone, now, since -> history.spentSince(scope, scopeId, since)));
    if (!tracker.tryReserve(budget, most, now)) {
      throw exhausted(scope, tracker, now);
    }
    held.add(tracker);
  }

  private void alert(BudgetScope scope, String scopeId, SpendTracker tracker) {
    var command =
        new RecordBudgetThreshold(
            scope.alertStreamId(scopeId),
            scope,
            scopeId,
            tracker.budget(),
            tracker.periodStart(),
            tracker.spent());
    // off the request path: an alert that fails to be recorded must not fail the request
    Schedulers.boundedElastic()
        .schedule(
            () -> {
              try {
                commands.sendAndWait(command);
              } catch (RuntimeException e) {
                log.warn("budget alert for {} {} not recorded: {}", scope, scopeId, e.getMessage());
              }
            });
  }

  private ApiException exhausted(BudgetScope scope, SpendTracker tracker, Instant now) {
    Budget budget = tracker.budget();
    Instant resets = BudgetPeriods.endOf(budget.period(), now, zone);
    String owner = scope == BudgetScope.KEY ? "this key" : "this key's team";
    ApiException error =
        new ApiException(
            HttpStatus.TOO_MANY_REQUESTS,
            "insufficient_quota",
            "insufficient_quota",
            null,
            "The "
                + budget.period().name().toLowerCase(Locale.ROOT)
                + " budget of $"
                + budget.limitUsd().toPlainString()
                + " for "
                + owner
                + " does not leave room for this request ($"
                + tracker.spent().toPlainString()
                + " spent"
                + (resets == null ? "" : "; it resets at " + resets)
                + ").");
    if (resets != null) {
      long seconds = Math.max(1, Duration.between(now, resets).toSeconds());
      error = error.withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
    return error;
  }
}
