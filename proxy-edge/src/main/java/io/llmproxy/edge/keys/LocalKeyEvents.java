package io.llmproxy.edge.keys;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Hands key events published on this node to the registry inside the publishing unit of work (a
 * subscribing processor), so an admin who issues or revokes a key sees the edge agree at once.
 */
@Component
@ProcessingGroup(LocalKeyEvents.PROCESSING_GROUP)
class LocalKeyEvents {

  static final String PROCESSING_GROUP = "edge-local-keys";

  private final KeyRegistry registry;

  LocalKeyEvents(KeyRegistry registry) {
    this.registry = registry;
  }

  @EventHandler
  void on(ApiKeyIssued event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }

  @EventHandler
  void on(ApiKeyRevoked event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }

  @EventHandler
  void on(ApiKeySuspended event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }

  @EventHandler
  void on(ApiKeyResumed event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }
}
