package io.llmproxy.edge.usage;

import io.llmproxy.edge.ledger.StoredEvent;

/** One ledger event ready to insert: its columns, its chain hash and its metadata column. */
record LedgerRow(StoredEvent event, String hash, byte[] metaData) {

  StreamHead head() {
    return new StreamHead(event.sequence(), hash);
  }
}
