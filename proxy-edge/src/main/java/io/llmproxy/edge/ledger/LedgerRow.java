package io.llmproxy.edge.ledger;

import io.llmproxy.eventstore.StoredEvent;

/** One ledger event ready to insert (its metadata column holds the chain link) and its hash. */
record LedgerRow(StoredEvent event, String hash) {

  StreamHead head() {
    return new StreamHead(event.sequence(), hash);
  }
}
