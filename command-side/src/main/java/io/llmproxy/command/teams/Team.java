package io.llmproxy.command.teams;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.teams.CreateTeam;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.kernel.teams.TeamCreated;
import io.llmproxy.kernel.teams.TeamUpdated;
import io.llmproxy.kernel.teams.UpdateTeam;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A group of keys whose traffic and spend are limited together. */
@Aggregate(
    type = AggregateTypes.TEAM,
    snapshotTriggerDefinition = "aggregateSnapshotTrigger",
    cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Team {

  @AggregateIdentifier private String teamId;
  private TeamAttributes attributes;

  protected Team() {
    // required by Axon to rebuild the aggregate from its events
  }

  @CommandHandler
  public Team(CreateTeam command, Clock clock) {
    requireName(command.attributes());
    apply(new TeamCreated(command.teamId(), command.attributes(), clock.instant()));
  }

  /** Answers the team's attributes as they are after the update. */
  @CommandHandler
  public TeamAttributes handle(UpdateTeam command, Clock clock) {
    TeamAttributes changed = command.applyTo(attributes);
    requireName(changed);
    if (!changed.equals(attributes)) {
      apply(new TeamUpdated(teamId, changed, clock.instant()));
    }
    return changed;
  }

  private static void requireName(TeamAttributes attributes) {
    if (attributes.name() == null || attributes.name().isBlank()) {
      throw new IllegalArgumentException("a team needs a name");
    }
  }

  @EventSourcingHandler
  void on(TeamCreated event) {
    teamId = event.teamId();
    attributes = event.attributes();
  }

  @EventSourcingHandler
  void on(TeamUpdated event) {
    attributes = event.attributes();
  }
}
