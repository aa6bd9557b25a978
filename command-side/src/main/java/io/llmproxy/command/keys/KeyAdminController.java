package io.llmproxy.command.keys;

import static io.llmproxy.command.web.Requests.badRequest;
import static io.llmproxy.command.web.Requests.requireIdentifier;
import static io.llmproxy.command.web.Requests.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.command.web.BudgetBody;
import io.llmproxy.command.web.CommandDispatcher;
import io.llmproxy.command.web.JsonPatch;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.KeyAttribute;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.keys.KeyHasher;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.keys.ResumeApiKey;
import io.llmproxy.kernel.keys.RevokeApiKey;
import io.llmproxy.kernel.keys.RotateApiKey;
import io.llmproxy.kernel.keys.SuspendApiKey;
import io.llmproxy.kernel.keys.UpdateApiKey;
import io.llmproxy.kernel.keys.VirtualKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("hasRole('ADMIN')")
@RequestMapping("/admin/keys")
class KeyAdminController {

  private static final Set<String> PATCHABLE =
      Set.of("name", "models", "expires_at", "limits", "owner", "team_id", "budget", "metadata");

  private final CommandDispatcher commands;
  private final KeyHasher keyHasher;
  private final ObjectMapper json;
  private final Duration defaultGracePeriod;

  KeyAdminController(
      CommandDispatcher commands,
      KeyHasher keyHasher,
      ObjectMapper json,
      @Value("${llmproxy.keys.rotation-grace-period:24h}") Duration defaultGracePeriod) {
    this.commands = commands;
    this.keyHasher = keyHasher;
    this.json = json;
    this.defaultGracePeriod = defaultGracePeriod;
  }

  @PostMapping
  Mono<ResponseEntity<IssuedKeyResponse>> issue(@RequestBody KeySettings request) {
    KeyAttributes attributes = request.toAttributes();
    VirtualKey key = VirtualKey.generate();
    var command =
        new IssueApiKey(
            key.keyId(), keyHasher.hash(key.plaintext()), key.displayPrefix(), attributes);
    return commands
        .send(command)
        .thenReturn(
            ResponseEntity.status(HttpStatus.CREATED)
                .body(
                    new IssuedKeyResponse(
                        key.keyId(),
                        key.plaintext(),
                        key.displayPrefix(),
                        KeySettings.of(attributes),
                        null)));
  }

  @PatchMapping("/{keyId}")
  Mono<KeyResponse> update(@PathVariable String keyId, @RequestBody JsonNode body) {
    requireIdentifier(keyId, "key id");
    JsonPatch patch = new JsonPatch(body, json, PATCHABLE);
    Set<KeyAttribute> cleared = EnumSet.noneOf(KeyAttribute.class);
    clearIfNull(patch, "expires_at", KeyAttribute.EXPIRES_AT, cleared);
    clearIfNull(patch, "limits", KeyAttribute.LIMITS, cleared);
    clearIfNull(patch, "owner", KeyAttribute.OWNER, cleared);
    clearIfNull(patch, "team_id", KeyAttribute.TEAM, cleared);
    clearIfNull(patch, "budget", KeyAttribute.BUDGET, cleared);
    if (patch.isCleared("name") || patch.isCleared("models") || patch.isCleared("metadata")) {
      throw badRequest(
          "name, models and metadata cannot be null (models: send [\"*\"] for every alias or []"
              + " for none; metadata: send {} to empty it)");
    }
    var command =
        new UpdateApiKey(
            keyId,
            patch.value("name", String.class, name -> requireText(name, "name", 200)),
            patch.value(
                "models", String[].class, models -> KeySettings.models(Arrays.asList(models))),
            patch.value("expires_at", Instant.class),
            patch.value("limits", RateLimits.class),
            patch.value("owner", String.class, KeySettings::owner),
            patch.value("team_id", String.class, KeySettings::teamId),
            patch.value("budget", BudgetBody.class, BudgetBody::toBudget),
            metadata(patch),
            cleared);
    return commands
        .<KeyAttributes>send(command)
        .map(attributes -> new KeyResponse(keyId, KeySettings.of(attributes)));
  }

  /**
   * Gives the key a new secret under the same id. The old secret keeps working for {@code
   * grace_period_seconds} (default {@code llmproxy.keys.rotation-grace-period}).
   */
  @PostMapping("/{keyId}/rotate")
  Mono<IssuedKeyResponse> rotate(
      @PathVariable String keyId, @RequestBody(required = false) RotateKeyRequest request) {
    requireIdentifier(keyId, "key id");
    Duration grace =
        request == null || request.gracePeriodSeconds() == null
            ? defaultGracePeriod
            : Duration.ofSeconds(request.gracePeriodSeconds());
    VirtualKey key = VirtualKey.rotate(keyId);
    var command =
        new RotateApiKey(keyId, keyHasher.hash(key.plaintext()), key.displayPrefix(), grace);
    return commands
        .<Instant>send(command)
        .map(
            previousValidUntil ->
                new IssuedKeyResponse(
                    keyId, key.plaintext(), key.displayPrefix(), null, previousValidUntil));
  }

  @PostMapping("/{keyId}/suspend")
  Mono<ResponseEntity<Void>> suspend(@PathVariable String keyId) {
    requireIdentifier(keyId, "key id");
    return commands
        .send(new SuspendApiKey(keyId, "suspended by an administrator"))
        .thenReturn(ResponseEntity.noContent().build());
  }

  @PostMapping("/{keyId}/resume")
  Mono<ResponseEntity<Void>> resume(@PathVariable String keyId) {
    requireIdentifier(keyId, "key id");
    return commands.send(new ResumeApiKey(keyId)).thenReturn(ResponseEntity.noContent().build());
  }

  @PostMapping("/{keyId}/revoke")
  Mono<ResponseEntity<Void>> revokeByPost(@PathVariable String keyId) {
    return revoke(keyId);
  }

  @DeleteMapping("/{keyId}")
  Mono<ResponseEntity<Void>> revoke(@PathVariable String keyId) {
    requireIdentifier(keyId, "key id");
    return commands
        .send(new RevokeApiKey(keyId, "revoked by an administrator"))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private static void clearIfNull(
      JsonPatch patch, String field, KeyAttribute attribute, Set<KeyAttribute> cleared) {
    if (patch.isCleared(field)) {
      cleared.add(attribute);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> metadata(JsonPatch patch) {
    Map<String, Object> raw = patch.value("metadata", Map.class);
    if (raw == null) {
      return null;
    }
    if (raw.values().stream().anyMatch(value -> !(value instanceof String))) {
      throw badRequest("metadata values must be strings");
    }
    return KeySettings.metadata((Map<String, String>) (Map<String, ?>) raw);
  }
}
