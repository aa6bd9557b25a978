package io.llmproxy.edge.ledger;

/**
 * The columns of one stored ledger event that its chain hash covers, exactly as they are in the
 * event table: the payload as its serialised bytes and the timestamp as its stored text, so that
 * the hash can be recomputed from a row without deserialising anything.
 *
 * @param payloadRevision null when the payload type has no revision
 */
public record StoredEvent(
    String stream,
    long sequence,
    String eventId,
    String payloadType,
    String payloadRevision,
    String timestamp,
    byte[] payload) {}
