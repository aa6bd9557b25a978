package io.llmproxy.command.teams;

import static io.llmproxy.command.web.Requests.badRequest;
import static io.llmproxy.command.web.Requests.requireIdentifier;
import static io.llmproxy.command.web.Requests.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.command.web.BudgetBody;
import io.llmproxy.command.web.CommandDispatcher;
import io.llmproxy.command.web.JsonPatch;
import io.llmproxy.kernel.keys.RandomText;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.teams.CreateTeam;
import io.llmproxy.kernel.teams.TeamAttribute;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.kernel.teams.UpdateTeam;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("hasRole('ADMIN')")
@RequestMapping("/admin/teams")
class TeamAdminController {

  private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final Set<String> PATCHABLE = Set.of("name", "limits", "key_limits", "budget");

  private final CommandDispatcher commands;
  private final ObjectMapper json;

  TeamAdminController(CommandDispatcher commands, ObjectMapper json) {
    this.commands = commands;
    this.json = json;
  }

  @PostMapping
  Mono<ResponseEntity<TeamResponse>> create(@RequestBody TeamSettings request) {
    TeamAttributes attributes = request.toAttributes();
    // a prefix keeps team ids apart from key ids and route aliases in the shared event store
    String teamId = "team_" + RandomText.of(ID_ALPHABET, 12);
    return commands
        .send(new CreateTeam(teamId, attributes))
        .thenReturn(
            ResponseEntity.status(HttpStatus.CREATED)
                .body(new TeamResponse(teamId, TeamSettings.of(attributes))));
  }

  @PatchMapping("/{teamId}")
  Mono<TeamResponse> update(@PathVariable String teamId, @RequestBody JsonNode body) {
    requireIdentifier(teamId, "team id");
    JsonPatch patch = new JsonPatch(body, json, PATCHABLE);
    if (patch.isCleared("name")) {
      throw badRequest("name cannot be null");
    }
    Set<TeamAttribute> cleared = EnumSet.noneOf(TeamAttribute.class);
    if (patch.isCleared("limits")) {
      cleared.add(TeamAttribute.LIMITS);
    }
    if (patch.isCleared("key_limits")) {
      cleared.add(TeamAttribute.KEY_LIMITS);
    }
    if (patch.isCleared("budget")) {
      cleared.add(TeamAttribute.BUDGET);
    }
    var command =
        new UpdateTeam(
            teamId,
            patch.value("name", String.class, name -> requireText(name, "name", 200)),
            patch.value("limits", RateLimits.class),
            patch.value("key_limits", RateLimits.class),
            patch.value("budget", BudgetBody.class, BudgetBody::toBudget),
            cleared);
    return commands
        .<TeamAttributes>send(command)
        .map(attributes -> new TeamResponse(teamId, TeamSettings.of(attributes)));
  }
}
