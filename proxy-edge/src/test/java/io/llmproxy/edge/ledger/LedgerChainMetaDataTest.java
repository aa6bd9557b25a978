package io.llmproxy.edge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** A chain link in an event's metadata column, as Axon itself reads that column. */
class LedgerChainMetaDataTest {

  private final JacksonSerializer serializer =
      JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();
  private final ChainMetaData chainMetaData = new ChainMetaData(serializer);
  private final ChainLink link = new ChainLink(LedgerChain.GENESIS, "0f".repeat(32));

  @Test
  void isOrdinaryMetadataToAxon() {
    byte[] column = chainMetaData.write(link);

    MetaData read =
        serializer.deserialize(
            new SimpleSerializedObject<>(column, byte[].class, MetaData.class.getName(), null));
    assertThat(read)
        .containsEntry("chain_prev", LedgerChain.GENESIS)
        .containsEntry("chain_hash", "0f".repeat(32))
        .hasSize(2);
    assertThat(chainMetaData.read(column)).contains(link);
  }

  @Test
  void isAbsentFromEventsWrittenBeforeTheChain() {
    assertThat(chainMetaData.read(null)).isEmpty();
    assertThat(chainMetaData.read(json("{}"))).isEmpty();
    assertThat(chainMetaData.read(json("{\"traceId\":\"t-1\"}"))).isEmpty();
  }

  @Test
  void isAbsentWhenIncompleteOrUnreadable() {
    assertThat(chainMetaData.read(json("{\"chain_hash\":\"" + link.hash() + "\"}"))).isEmpty();
    assertThat(chainMetaData.read(json("{\"chain_prev\":1,\"chain_hash\":2}"))).isEmpty();
    assertThat(chainMetaData.read(json("{\"chain_prev\":"))).isEmpty();
    assertThat(chainMetaData.read(new byte[] {(byte) 0xff, 0x00, 0x13})).isEmpty();
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
