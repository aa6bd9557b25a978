package io.llmproxy.query.keys;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeyRotated;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * The key list. Runs in its own pooled streaming processor whose token commits with the rows; the
 * secret hashes the events carry are never copied. Handlers only exist for key events, so the
 * processor skips every other event (usage above all) by its type without reading it.
 */
@Component
@ProcessingGroup(KeyListProjection.PROCESSING_GROUP)
class KeyListProjection {

  static final String PROCESSING_GROUP = "key-list";

  private final KeyListRepository keys;

  KeyListProjection(KeyListRepository keys) {
    this.keys = keys;
  }

  @EventHandler
  void on(ApiKeyIssued event) {
    keys.save(KeyListEntry.issued(event));
  }

  @EventHandler
  void on(ApiKeyUpdated event) {
    entry(event.keyId()).attributes(event.attributes(), event.updatedAt());
  }

  @EventHandler
  void on(ApiKeyRotated event) {
    entry(event.keyId())
        .rotated(event.displayPrefix(), event.previousValidUntil(), event.rotatedAt());
  }

  @EventHandler
  void on(ApiKeySuspended event) {
    entry(event.keyId()).status(KeyStatus.SUSPENDED, event.suspendedAt());
  }

  @EventHandler
  void on(ApiKeyResumed event) {
    entry(event.keyId()).status(KeyStatus.ACTIVE, event.resumedAt());
  }

  @EventHandler
  void on(ApiKeyRevoked event) {
    entry(event.keyId()).revoked(event.revokedAt());
  }

  @ResetHandler
  void reset() {
    keys.deleteAllInBatch();
  }

  /**
   * A key's events follow its issue in one stream, so a missing row means a broken read model:
   * failing makes Axon log it instead of the list silently going wrong.
   */
  private KeyListEntry entry(String keyId) {
    return keys.findById(keyId)
        .orElseThrow(() -> new IllegalStateException("key list has no row for key " + keyId));
  }
}
