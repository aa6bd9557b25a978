package io.llmproxy.edge.keys;

import io.llmproxy.edge.registry.EventRegistry;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.kernel.teams.TeamCreated;
import io.llmproxy.kernel.teams.TeamUpdated;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Every team by id, built from team events like the key registry. */
@Component
@ProcessingGroup(TeamRegistry.PROCESSING_GROUP)
public class TeamRegistry implements EventRegistry {

  public static final String PROCESSING_GROUP = "edge-team-registry";

  private final Map<String, RegisteredTeam> byId = new ConcurrentHashMap<>();

  @Override
  public List<String> aggregateTypes() {
    return List.of(AggregateTypes.TEAM);
  }

  @EventHandler
  public void on(TeamCreated event, @SequenceNumber long sequence) {
    apply(event.teamId(), event.attributes(), sequence);
  }

  @EventHandler
  void on(TeamUpdated event, @SequenceNumber long sequence) {
    apply(event.teamId(), event.attributes(), sequence);
  }

  public Optional<RegisteredTeam> find(String teamId) {
    return teamId == null ? Optional.empty() : Optional.ofNullable(byId.get(teamId));
  }

  private void apply(String teamId, TeamAttributes attributes, long sequence) {
    byId.compute(
        teamId,
        (id, current) ->
            current != null && current.version() >= sequence
                ? current
                : new RegisteredTeam(
                    teamId,
                    attributes.name(),
                    attributes.limits(),
                    attributes.keyLimits(),
                    attributes.budget(),
                    sequence));
  }
}
