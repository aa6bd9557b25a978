package io.llmproxy.edge.registry;

import java.time.Instant;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;

/** One row of Axon's {@code domain_event_entry} table, as read by {@link RegistryFollower}. */
record StoredEvent(
    String type,
    String aggregateIdentifier,
    long sequenceNumber,
    String eventIdentifier,
    Instant timestamp,
    String payloadType,
    String payloadRevision,
    byte[] payload,
    byte[] metaData)
    implements DomainEventData<byte[]> {

  @Override
  public String getType() {
    return type;
  }

  @Override
  public String getAggregateIdentifier() {
    return aggregateIdentifier;
  }

  @Override
  public long getSequenceNumber() {
    return sequenceNumber;
  }

  @Override
  public String getEventIdentifier() {
    return eventIdentifier;
  }

  @Override
  public Instant getTimestamp() {
    return timestamp;
  }

  @Override
  public SerializedObject<byte[]> getMetaData() {
    return new SimpleSerializedObject<>(
        metaData == null ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : metaData,
        byte[].class,
        MetaData.class.getName(),
        null);
  }

  @Override
  public SerializedObject<byte[]> getPayload() {
    return new SimpleSerializedObject<>(payload, byte[].class, payloadType, payloadRevision);
  }
}
