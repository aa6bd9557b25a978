package io.llmproxy.query.teams;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.query.readmodel.BudgetView;
import io.llmproxy.query.readmodel.EpochMicros;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A team as the list shows it; written only by {@link TeamListProjection}. */
@Entity
@Table(name = "team_list")
public class TeamListEntry {

  @Id private String teamId;
  private String name;
  private Long requestsPerMinute;
  private Long tokensPerMinute;
  private Long keyRequestsPerMinute;
  private Long keyTokensPerMinute;
  private String budgetLimitUsd;
  private String budgetPeriod;
  private Integer budgetAlertAtPercent;
  private long createdAt;
  private long updatedAt;

  protected TeamListEntry() {
    // for JPA
  }

  TeamListEntry(String teamId, Instant createdAt) {
    this.teamId = teamId;
    this.createdAt = EpochMicros.of(createdAt);
  }

  void attributes(TeamAttributes attributes, Instant at) {
    name = attributes.name();
    requestsPerMinute = attributes.limits().requestsPerMinute();
    tokensPerMinute = attributes.limits().tokensPerMinute();
    keyRequestsPerMinute = attributes.keyLimits().requestsPerMinute();
    keyTokensPerMinute = attributes.keyLimits().tokensPerMinute();
    Budget budget = attributes.budget();
    budgetLimitUsd = BudgetView.limit(budget);
    budgetPeriod = BudgetView.period(budget);
    budgetAlertAtPercent = budget == null ? null : budget.alertAtPercent();
    updatedAt = EpochMicros.of(at);
  }
}
