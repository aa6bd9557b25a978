package io.llmproxy.edge.budget;

import io.llmproxy.eventstore.EventReads;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.budget.BudgetScope;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * What a key or a team has spent since a moment, summed exactly from the ledger itself: a key's own
 * stream, or (for a team) every ledger entry since then that names the team.
 */
@Component
class SpendHistory {

  private final EventReads events;

  SpendHistory(EventReads events) {
    this.events = events;
  }

  BigDecimal spentSince(BudgetScope scope, String scopeId, Instant since) {
    AtomicReference<BigDecimal> total = new AtomicReference<>(BigDecimal.ZERO);
    if (scope == BudgetScope.KEY) {
      events.eachInStreamSince(
          UsageRecorded.ledgerStreamId(scopeId), since, event -> add(total, event, null, since));
    } else {
      events.eachOfTypeSince(
          AggregateTypes.USAGE_LEDGER, since, event -> add(total, event, scopeId, since));
    }
    return total.get();
  }

  private static void add(
      AtomicReference<BigDecimal> total, EventMessage<?> event, String teamId, Instant since) {
    if (!(event.getPayload() instanceof UsageRecorded entry)
        || entry.cost() == null
        || entry.occurredAt().isBefore(since)) {
      return;
    }
    if (teamId == null || teamId.equals(entry.teamId())) {
      total.set(total.get().add(entry.cost()));
    }
  }
}
