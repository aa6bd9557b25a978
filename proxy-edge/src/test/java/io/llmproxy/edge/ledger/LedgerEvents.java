package io.llmproxy.edge.ledger;

import io.llmproxy.eventstore.StoredEvent;
import io.llmproxy.kernel.AggregateTypes;

/** Ledger rows for the chain tests, as the event store holds them, without metadata. */
final class LedgerEvents {

  private LedgerEvents() {}

  static StoredEvent event(
      String stream,
      long sequence,
      String eventId,
      String payloadType,
      String payloadRevision,
      String timestamp,
      byte[] payload) {
    return new StoredEvent(
        StoredEvent.UNSTORED,
        AggregateTypes.USAGE_LEDGER,
        stream,
        sequence,
        eventId,
        timestamp,
        payloadType,
        payloadRevision,
        payload,
        null);
  }
}
