package io.llmproxy.edge.ledger;

import io.llmproxy.eventstore.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical form a ledger event's chain hash is computed over. It is part of the stored data:
 * changing any byte of it makes every chain written before the change fail verification, so a new
 * form needs a new domain tag and a verifier that knows both.
 *
 * <p>SHA-256 over: the domain tag, then stream id, sequence number, event identifier, payload type,
 * payload revision, stored timestamp text, payload bytes and the predecessor's hash, each string or
 * byte field preceded by its length (so that no two different field lists encode alike) and the
 * sequence as 8 bytes, all big-endian.
 */
public final class LedgerChain {

  /** The predecessor hash of the first chained event of a stream. */
  public static final String GENESIS = "0".repeat(64);

  private static final byte[] DOMAIN =
      "llm-proxy/usage-ledger-chain/v1".getBytes(StandardCharsets.UTF_8);
  // distinguishes an absent revision from an empty one
  private static final int ABSENT = -1;
  private static final HexFormat HEX = HexFormat.of();

  private LedgerChain() {}

  /** The hash of {@code event} when it follows an event whose hash is {@code previous}. */
  public static String hash(StoredEvent event, String previous) {
    MessageDigest digest = sha256();
    digest.update(DOMAIN);
    text(digest, event.aggregateId());
    int64(digest, event.sequence());
    text(digest, event.eventId());
    text(digest, event.payloadType());
    text(digest, event.payloadRevision());
    text(digest, event.timestamp());
    bytes(digest, event.payload());
    text(digest, previous);
    return HEX.formatHex(digest.digest());
  }

  private static void text(MessageDigest digest, String value) {
    bytes(digest, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(MessageDigest digest, byte[] value) {
    int32(digest, value == null ? ABSENT : value.length);
    if (value != null) {
      digest.update(value);
    }
  }

  private static void int32(MessageDigest digest, int value) {
    digest.update((byte) (value >>> 24));
    digest.update((byte) (value >>> 16));
    digest.update((byte) (value >>> 8));
    digest.update((byte) value);
  }

  private static void int64(MessageDigest digest, long value) {
    int32(digest, (int) (value >>> 32));
    int32(digest, (int) value);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
