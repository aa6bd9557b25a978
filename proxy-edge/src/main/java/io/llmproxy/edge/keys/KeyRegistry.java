package io.llmproxy.edge.keys;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Every virtual key by the keyed hash of its plaintext, built from key-lifecycle events. It is
 * rebuilt from the event store at start and follows the stream afterwards, so a revocation made on
 * any node reaches this one without a database read on the request path.
 */
@Component
@ProcessingGroup(KeyRegistry.PROCESSING_GROUP)
public class KeyRegistry {

  public static final String PROCESSING_GROUP = "edge-key-registry";

  private final Map<String, RegisteredKey> byHash = new ConcurrentHashMap<>();
  private final Map<String, String> hashById = new ConcurrentHashMap<>();

  @EventHandler
  void on(ApiKeyIssued event) {
    var key =
        new RegisteredKey(
            event.keyId(),
            event.name(),
            new HashSet<>(event.allowedModels()),
            event.expiresAt(),
            false);
    byHash.put(event.secretHash(), key);
    hashById.put(event.keyId(), event.secretHash());
  }

  @EventHandler
  void on(ApiKeyRevoked event) {
    String hash = hashById.get(event.keyId());
    if (hash != null) {
      byHash.computeIfPresent(hash, (h, key) -> key.revoke());
    }
  }

  @ResetHandler
  void reset() {
    byHash.clear();
    hashById.clear();
  }

  public Optional<RegisteredKey> findByHash(String secretHash) {
    return Optional.ofNullable(byHash.get(secretHash));
  }
}
