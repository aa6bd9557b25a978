package io.llmproxy.edge.ledger;

import io.llmproxy.eventstore.StoredEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks ledger events fed in stream-id and sequence order, one stream after another. Not
 * thread-safe: one walk per verification.
 *
 * <p>After a break the walk goes on from what the broken event itself carries, so one altered event
 * is one break rather than a break at every event after it.
 */
final class ChainWalk {

  private String stream;
  private long expectedSequence;
  private String previousHash;
  private boolean chained;
  private long streams;
  private long events;
  private long legacyEvents;
  private long breaks;
  private ChainBreak firstBreak;

  void accept(StoredEvent event, Optional<ChainLink> link) {
    if (!event.aggregateId().equals(stream)) {
      stream = event.aggregateId();
      expectedSequence = 0;
      previousHash = LedgerChain.GENESIS;
      chained = false;
      streams++;
    }
    events++;
    ChainBreak found = check(event, link);
    if (found != null) {
      breaks++;
      if (firstBreak == null) {
        firstBreak = found;
      }
    }
    expectedSequence = event.sequence() + 1;
    if (link.isPresent()) {
      chained = true;
      previousHash = link.get().hash();
    }
  }

  VerificationReport report(Instant checkedAt) {
    return new VerificationReport(
        breaks == 0, streams, events, legacyEvents, breaks, checkedAt, firstBreak);
  }

  private ChainBreak check(StoredEvent event, Optional<ChainLink> link) {
    if (event.sequence() != expectedSequence) {
      return broken(
          event,
          ChainBreak.GAP,
          "expected sequence " + expectedSequence + ", found " + event.sequence());
    }
    if (link.isEmpty()) {
      if (chained) {
        return broken(event, ChainBreak.MISSING_CHAIN, "no chain link after a chained event");
      }
      // written before the chain existed: its stream's chain starts after it, from the genesis
      legacyEvents++;
      return null;
    }
    String recomputed = LedgerChain.hash(event, link.get().previous());
    if (!recomputed.equals(link.get().hash())) {
      return broken(
          event,
          ChainBreak.HASH_MISMATCH,
          "content hashes to " + recomputed + ", event carries " + link.get().hash());
    }
    if (!previousHash.equals(link.get().previous())) {
      return broken(
          event,
          ChainBreak.BROKEN_LINK,
          "predecessor hash is " + previousHash + ", event carries " + link.get().previous());
    }
    return null;
  }

  private static ChainBreak broken(StoredEvent event, String reason, String detail) {
    return new ChainBreak(event.aggregateId(), event.sequence(), event.eventId(), reason, detail);
  }
}
