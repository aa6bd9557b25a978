package io.llmproxy.edge.ledger;

import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A chain link as stored in an event's metadata column, written and read with the serializer Axon
 * reads event metadata with, so that the link is ordinary metadata to every event handler.
 */
@Component
public class ChainMetaData {

  private static final String METADATA_TYPE = MetaData.class.getName();

  private final Serializer serializer;

  ChainMetaData(@Qualifier("eventSerializer") Serializer serializer) {
    this.serializer = serializer;
  }

  public byte[] write(ChainLink link) {
    MetaData metaData =
        MetaData.from(
            Map.of(ChainLink.PREVIOUS_KEY, link.previous(), ChainLink.HASH_KEY, link.hash()));
    return serializer.serialize(metaData, byte[].class).getData();
  }

  /**
   * The link in a stored metadata column; empty when there is none (events written before the
   * chain) or the column cannot be read as metadata, which verification reports either way.
   */
  public Optional<ChainLink> read(byte[] column) {
    if (column == null) {
      return Optional.empty();
    }
    MetaData metaData;
    try {
      SerializedObject<byte[]> stored =
          new SimpleSerializedObject<>(column, byte[].class, METADATA_TYPE, null);
      metaData = serializer.deserialize(stored);
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
    if (metaData == null
        || !(metaData.get(ChainLink.PREVIOUS_KEY) instanceof String previous)
        || !(metaData.get(ChainLink.HASH_KEY) instanceof String hash)) {
      return Optional.empty();
    }
    return Optional.of(new ChainLink(previous, hash));
  }
}
