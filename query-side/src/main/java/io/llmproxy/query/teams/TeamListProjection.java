package io.llmproxy.query.teams;

import io.llmproxy.kernel.teams.TeamCreated;
import io.llmproxy.kernel.teams.TeamUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * The team list, in its own pooled streaming processor (token and rows commit together). Key counts
 * are not kept here: they are counted from the key list when read, so the two projections never
 * have to agree on an order of events.
 */
@Component
@ProcessingGroup(TeamListProjection.PROCESSING_GROUP)
class TeamListProjection {

  static final String PROCESSING_GROUP = "team-list";

  private final TeamListRepository teams;

  TeamListProjection(TeamListRepository teams) {
    this.teams = teams;
  }

  @EventHandler
  void on(TeamCreated event) {
    TeamListEntry entry = new TeamListEntry(event.teamId(), event.createdAt());
    entry.attributes(event.attributes(), event.createdAt());
    teams.save(entry);
  }

  @EventHandler
  void on(TeamUpdated event) {
    teams
        .findById(event.teamId())
        // a team's update follows its creation in one stream: a missing row is a broken read model
        .orElseThrow(() -> new IllegalStateException("team list has no row for " + event.teamId()))
        .attributes(event.attributes(), event.updatedAt());
  }

  @ResetHandler
  void reset() {
    teams.deleteAllInBatch();
  }
}
