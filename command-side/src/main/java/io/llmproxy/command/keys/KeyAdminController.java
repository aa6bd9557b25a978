package io.llmproxy.command.keys;

import static io.llmproxy.command.web.Requests.badRequest;
import static io.llmproxy.command.web.Requests.requireIdentifier;
import static io.llmproxy.command.web.Requests.requireText;

import io.llmproxy.command.web.CommandDispatcher;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.KeyHasher;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.keys.ResumeApiKey;
import io.llmproxy.kernel.keys.RevokeApiKey;
import io.llmproxy.kernel.keys.SuspendApiKey;
import io.llmproxy.kernel.keys.VirtualKey;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/admin/keys")
class KeyAdminController {

  private static final int MAX_MODELS = 200;

  private final CommandDispatcher commands;
  private final KeyHasher keyHasher;

  KeyAdminController(CommandDispatcher commands, KeyHasher keyHasher) {
    this.commands = commands;
    this.keyHasher = keyHasher;
  }

  @PostMapping
  Mono<ResponseEntity<IssuedKeyResponse>> issue(@RequestBody IssueKeyRequest request) {
    String name = requireText(request.name(), "name", 200);
    List<String> models = allowedModels(request.models());
    RateLimits limits = RateLimits.orNone(request.limits());
    VirtualKey key = VirtualKey.generate();
    var command =
        new IssueApiKey(
            key.keyId(),
            name,
            keyHasher.hash(key.plaintext()),
            key.displayPrefix(),
            models,
            request.expiresAt(),
            limits);
    return commands
        .send(command)
        .thenReturn(
            ResponseEntity.status(HttpStatus.CREATED)
                .body(
                    new IssuedKeyResponse(
                        key.keyId(),
                        name,
                        key.plaintext(),
                        key.displayPrefix(),
                        models,
                        request.expiresAt(),
                        limits)));
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

  private static List<String> allowedModels(List<String> models) {
    if (models == null) {
      return List.of();
    }
    if (models.size() > MAX_MODELS) {
      throw badRequest("models may list at most " + MAX_MODELS + " aliases");
    }
    return models.stream().map(alias -> requireIdentifier(alias, "models[]")).distinct().toList();
  }
}
