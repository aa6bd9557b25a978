package io.llmproxy.edge.keys;

import io.llmproxy.edge.registry.EventRegistry;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeyRotated;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Every virtual key by the keyed hash of its secrets, built from key-lifecycle events, so a request
 * is authorised without a database read. Each key remembers the sequence number it was built from,
 * which makes the two deliveries of an event (see {@link EventRegistry}) idempotent and order-safe.
 * A rotated key stays reachable under its older hashes; {@link RegisteredKey#accepts} decides
 * whether such a hash still authenticates.
 */
@Component
@ProcessingGroup(KeyRegistry.PROCESSING_GROUP)
public class KeyRegistry implements EventRegistry {

  public static final String PROCESSING_GROUP = "edge-key-registry";

  private final Map<String, RegisteredKey> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByHash = new ConcurrentHashMap<>();

  @Override
  public List<String> aggregateTypes() {
    return List.of(AggregateTypes.API_KEY);
  }

  @EventHandler
  void on(ApiKeyIssued event, @SequenceNumber long sequence) {
    idByHash.put(event.secretHash(), event.keyId());
    byId.compute(
        event.keyId(),
        (id, current) ->
            current != null && current.version() >= sequence
                ? current
                : RegisteredKey.issued(
                    event.keyId(), event.secretHash(), event.attributes(), sequence));
  }

  @EventHandler
  void on(ApiKeyUpdated event, @SequenceNumber long sequence) {
    change(event.keyId(), sequence, key -> key.with(event.attributes(), sequence));
  }

  @EventHandler
  void on(ApiKeyRotated event, @SequenceNumber long sequence) {
    idByHash.put(event.secretHash(), event.keyId());
    change(
        event.keyId(),
        sequence,
        key ->
            key.rotated(
                event.secretHash(),
                event.previousSecretHash(),
                event.previousValidUntil(),
                sequence));
  }

  @EventHandler
  void on(ApiKeyRevoked event, @SequenceNumber long sequence) {
    change(event.keyId(), sequence, key -> key.revoke(sequence));
  }

  @EventHandler
  void on(ApiKeySuspended event, @SequenceNumber long sequence) {
    change(event.keyId(), sequence, key -> key.suspended(true, sequence));
  }

  @EventHandler
  void on(ApiKeyResumed event, @SequenceNumber long sequence) {
    change(event.keyId(), sequence, key -> key.suspended(false, sequence));
  }

  /** The key a secret with this hash belongs to, current or rotated away. */
  public Optional<RegisteredKey> findByHash(String secretHash) {
    String keyId = idByHash.get(secretHash);
    return keyId == null ? Optional.empty() : Optional.ofNullable(byId.get(keyId));
  }

  private void change(String keyId, long sequence, UnaryOperator<RegisteredKey> change) {
    byId.computeIfPresent(
        keyId, (id, current) -> current.version() >= sequence ? current : change.apply(current));
  }
}
