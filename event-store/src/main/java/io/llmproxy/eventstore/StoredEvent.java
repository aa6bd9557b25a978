package io.llmproxy.eventstore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * One row of Axon's event table exactly as stored: the payload and metadata as their serialised
 * bytes and the timestamp as its stored text, so that a ledger chain hash can be recomputed from a
 * row without deserialising anything. As {@link DomainEventData} and {@link TrackedEventData} (its
 * token is its global index) it goes through Axon's upcaster chain like any row Axon reads itself
 * (see {@link EventUpcasting}).
 *
 * @param globalIndex the row's position in the store; {@link #UNSTORED} before it is inserted
 * @param payloadRevision null when the payload type has no revision
 * @param metaData null when the row has none (read as empty metadata)
 */
public record StoredEvent(
    long globalIndex,
    String aggregateType,
    String aggregateId,
    long sequence,
    String eventId,
    String timestamp,
    String payloadType,
    String payloadRevision,
    byte[] payload,
    byte[] metaData)
    implements DomainEventData<byte[]>, TrackedEventData<byte[]> {

  /** The global index of a row not yet inserted: the store assigns it. */
  public static final long UNSTORED = -1;

  private static final byte[] NO_META_DATA = "{}".getBytes(StandardCharsets.UTF_8);

  /** A row to insert, without metadata yet (a chain hash is computed over everything else). */
  public static StoredEvent unstored(
      String aggregateType,
      String aggregateId,
      long sequence,
      String eventId,
      Instant timestamp,
      String payloadType,
      String payloadRevision,
      byte[] payload) {
    return new StoredEvent(
        UNSTORED,
        aggregateType,
        aggregateId,
        sequence,
        eventId,
        DateTimeUtils.formatInstant(timestamp),
        payloadType,
        payloadRevision,
        payload,
        null);
  }

  public StoredEvent withMetaData(byte[] column) {
    return new StoredEvent(
        globalIndex,
        aggregateType,
        aggregateId,
        sequence,
        eventId,
        timestamp,
        payloadType,
        payloadRevision,
        payload,
        column);
  }

  @Override
  public TrackingToken trackingToken() {
    return new GlobalSequenceTrackingToken(globalIndex);
  }

  @Override
  public String getType() {
    return aggregateType;
  }

  @Override
  public String getAggregateIdentifier() {
    return aggregateId;
  }

  @Override
  public long getSequenceNumber() {
    return sequence;
  }

  @Override
  public String getEventIdentifier() {
    return eventId;
  }

  @Override
  public Instant getTimestamp() {
    return DateTimeUtils.parseInstant(timestamp);
  }

  /**
   * The metadata column to store: Axon's own reads fail on a null one, so a row without metadata is
   * stored with empty metadata.
   */
  byte[] metaDataColumn() {
    return metaData == null ? NO_META_DATA : metaData;
  }

  @Override
  public SerializedObject<byte[]> getMetaData() {
    return new SimpleSerializedObject<>(
        metaDataColumn(), byte[].class, MetaData.class.getName(), null);
  }

  @Override
  public SerializedObject<byte[]> getPayload() {
    return new SimpleSerializedObject<>(payload, byte[].class, payloadType, payloadRevision);
  }
}
