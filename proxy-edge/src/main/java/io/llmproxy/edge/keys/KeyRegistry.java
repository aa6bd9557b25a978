package io.llmproxy.edge.keys;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Every virtual key by the keyed hash of its plaintext, built from key-lifecycle events. It is
 * rebuilt from the event store at start and follows the stream afterwards, so a revocation made on
 * any node reaches this one without a database read on the request path.
 *
 * <p>Events also arrive a second time, synchronously, through {@link LocalKeyEvents}, so a key
 * issued on this node works the moment its issuing request returns. Each key remembers the sequence
 * number it was built from, which makes the two deliveries idempotent and order-safe.
 */
@Component
@ProcessingGroup(KeyRegistry.PROCESSING_GROUP)
public class KeyRegistry {

  public static final String PROCESSING_GROUP = "edge-key-registry";

  private final Map<String, RegisteredKey> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByHash = new ConcurrentHashMap<>();

  @EventHandler
  void on(ApiKeyIssued event, @SequenceNumber long sequence) {
    idByHash.put(event.secretHash(), event.keyId());
    byId.compute(
        event.keyId(),
        (id, current) ->
            current != null && current.version() >= sequence
                ? current
                : new RegisteredKey(
                    event.keyId(),
                    event.name(),
                    new HashSet<>(event.allowedModels()),
                    event.expiresAt(),
                    event.limits(),
                    false,
                    false,
                    sequence));
  }

  @EventHandler
  void on(ApiKeyRevoked event, @SequenceNumber long sequence) {
    byId.computeIfPresent(
        event.keyId(),
        (id, current) -> current.version() >= sequence ? current : current.revoke(sequence));
  }

  @EventHandler
  void on(ApiKeySuspended event, @SequenceNumber long sequence) {
    byId.computeIfPresent(
        event.keyId(),
        (id, current) ->
            current.version() >= sequence ? current : current.suspended(true, sequence));
  }

  @EventHandler
  void on(ApiKeyResumed event, @SequenceNumber long sequence) {
    byId.computeIfPresent(
        event.keyId(),
        (id, current) ->
            current.version() >= sequence ? current : current.suspended(false, sequence));
  }

  @ResetHandler
  void reset() {
    byId.clear();
    idByHash.clear();
  }

  public Optional<RegisteredKey> findByHash(String secretHash) {
    String keyId = idByHash.get(secretHash);
    return keyId == null ? Optional.empty() : Optional.ofNullable(byId.get(keyId));
  }
}
