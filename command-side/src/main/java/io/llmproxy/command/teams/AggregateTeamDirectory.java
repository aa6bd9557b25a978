package io.llmproxy.command.teams;

import io.llmproxy.command.keys.TeamDirectory;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Looks a team up in its own event-sourced repository, inside the unit of work of the key command
 * that asks; the aggregate cache makes that a memory read once the team has been loaded.
 */
@Component
class AggregateTeamDirectory implements TeamDirectory {

  private final ObjectProvider<Repository<Team>> teams;

  AggregateTeamDirectory(@Qualifier("teamRepository") ObjectProvider<Repository<Team>> teams) {
    this.teams = teams;
  }

  @Override
  public boolean exists(String teamId) {
    try {
      teams.getObject().load(teamId);
      return true;
    } catch (AggregateNotFoundException notFound) {
      return false;
    }
  }
}
