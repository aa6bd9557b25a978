package io.llmproxy.edge.ledger;

/** A ledger stream's last event: where the next one goes and what it chains to. */
record StreamHead(long sequence, String hash) {

  /** A stream with no events, or only events from before the chain: the chain starts afresh. */
  static StreamHead start(long lastSequence) {
    return new StreamHead(lastSequence, LedgerChain.GENESIS);
  }
}
