package io.llmproxy.command.budget;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.budget.BudgetThresholdReached;
import io.llmproxy.kernel.budget.RecordBudgetThreshold;
import java.time.Clock;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The soft-threshold alerts of one key's or team's budget: at most one per period, whichever node
 * notices the crossing first and however often it is reported.
 */
@Aggregate(
    type = AggregateTypes.BUDGET,
    snapshotTriggerDefinition = "aggregateSnapshotTrigger",
    cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class BudgetAlerts {

  @AggregateIdentifier private String alertStreamId;
  private Instant lastAlertedPeriod;

  protected BudgetAlerts() {
    // required by Axon to create or rebuild the aggregate
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public void handle(RecordBudgetThreshold command, Clock clock) {
    if (command.periodStart().equals(lastAlertedPeriod)) {
      return;
    }
    alertStreamId = command.alertStreamId();
    apply(
        new BudgetThresholdReached(
            command.scope(),
            command.scopeId(),
            command.budget(),
            command.periodStart(),
            command.spentUsd(),
            clock.instant()));
  }

  @EventSourcingHandler
  void on(BudgetThresholdReached event) {
    alertStreamId = event.scope().alertStreamId(event.scopeId());
    lastAlertedPeriod = event.periodStart();
  }
}
