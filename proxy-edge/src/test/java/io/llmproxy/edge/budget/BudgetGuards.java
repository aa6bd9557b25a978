package io.llmproxy.edge.budget;

import io.llmproxy.edge.keys.TeamRegistry;
import io.llmproxy.eventstore.EventReads;
import java.time.Clock;
import java.time.ZoneOffset;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** A budget guard over a real ledger, for unit tests outside this package. */
public final class BudgetGuards {

  private BudgetGuards() {}

  public static BudgetGuard over(
      EventReads ledger, TeamRegistry teams, CommandGateway commands, Clock clock) {
    return new BudgetGuard(teams, new SpendHistory(ledger), commands, clock, ZoneOffset.UTC);
  }
}
