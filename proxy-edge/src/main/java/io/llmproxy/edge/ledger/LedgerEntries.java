package io.llmproxy.edge.ledger;

import io.llmproxy.eventstore.StoredEvent;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.usage.UsageRecorded;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Turns a usage entry into the row that follows its stream's head. The row is serialised here,
 * before it is stored, so that the chain hash covers exactly the bytes the table will hold.
 */
@Component
class LedgerEntries {

  private final Serializer serializer;
  private final ChainMetaData chainMetaData;

  LedgerEntries(@Qualifier("eventSerializer") Serializer serializer, ChainMetaData chainMetaData) {
    this.serializer = serializer;
    this.chainMetaData = chainMetaData;
  }

  LedgerRow next(StreamHead head, UsageRecorded entry) {
    String stream = UsageRecorded.ledgerStreamId(entry.keyId());
    // Axon's message gives the identifier and timestamp any appended event would have
    var message =
        new GenericDomainEventMessage<>(
            AggregateTypes.USAGE_LEDGER, stream, head.sequence() + 1, entry);
    SerializedObject<byte[]> payload = message.serializePayload(serializer, byte[].class);
    StoredEvent event =
        StoredEvent.unstored(
            AggregateTypes.USAGE_LEDGER,
            stream,
            message.getSequenceNumber(),
            message.getIdentifier(),
            message.getTimestamp(),
            payload.getType().getName(),
            payload.getType().getRevision(),
            payload.getData());
    String hash = LedgerChain.hash(event, head.hash());
    return new LedgerRow(
        event.withMetaData(chainMetaData.write(new ChainLink(head.hash(), hash))), hash);
  }
}
