package io.llmproxy.edge.ledger;

/**
 * What a ledger event carries in its metadata to chain it to its stream: its predecessor's hash and
 * its own. Both are lower-case hex SHA-256.
 */
public record ChainLink(String previous, String hash) {

  /** Metadata key of {@link #previous()}. */
  public static final String PREVIOUS_KEY = "chain_prev";

  /** Metadata key of {@link #hash()}. */
  public static final String HASH_KEY = "chain_hash";
}
