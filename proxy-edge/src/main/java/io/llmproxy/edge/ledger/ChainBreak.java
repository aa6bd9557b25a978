package io.llmproxy.edge.ledger;

/**
 * Where a ledger chain is broken: the event at which the walk found it.
 *
 * @param reason one of {@link #GAP}, {@link #HASH_MISMATCH}, {@link #BROKEN_LINK}, {@link
 *     #MISSING_CHAIN}
 * @param detail the reason in words, with the values that disagree
 */
public record ChainBreak(
    String stream, long sequence, String eventId, String reason, String detail) {

  /** The event's sequence number is not its predecessor's plus one (or 0 for the first). */
  public static final String GAP = "gap";

  /** The event's content does not hash to the hash it carries: it was changed after writing. */
  public static final String HASH_MISMATCH = "hash mismatch";

  /** The predecessor hash the event carries is not its predecessor's hash. */
  public static final String BROKEN_LINK = "broken link";

  /** The event carries no readable chain link although an earlier event of its stream does. */
  public static final String MISSING_CHAIN = "missing chain";
}
