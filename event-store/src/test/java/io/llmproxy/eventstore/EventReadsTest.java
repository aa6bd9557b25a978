package io.llmproxy.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The gateway on a real SQLite file with the application's own schema: what it appends it reads
 * back in global order, by type, from a position and by stream, and what it reads goes through the
 * upcaster chain it is given.
 */
class EventReadsTest {

  private static final Path SCHEMA = Path.of("../proxy-edge/src/main/resources/db");

  /** A payload whose first revision stored its text in lower case; revision 2 means upper. */
  public record Greeting(String text) {}

  @TempDir Path folder;
  private SQLiteDataSource dataSource;
  private final Serializer serializer = JacksonSerializer.builder().build();

  @BeforeEach
  void createTheStore() throws Exception {
    dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + folder.resolve("events.db"));
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String file :
          List.of(
              "vendor/sqlite/V1_0__axon_event_store.sql",
              "migration/V1_1__event_type_index.sql",
              "migration/V1_2__event_time_index.sql")) {
        for (String sql : statements(SCHEMA.resolve(file))) {
          statement.execute(sql);
        }
      }
    }
  }

  @Test
  void readsWhatItAppendsInGlobalOrderByTypeAndFromAPosition() {
    EventAppends appends = new EventAppends(dataSource);
    EventReads reads = new EventReads(dataSource, new EventUpcasting(serializer, null));
    assertThat(reads.head()).isEqualTo(-1);
    List<StoredEvent> written =
        List.of(
            greeting("Greeter", "g-1", 0, "one"),
            greeting("Other", "o-1", 0, "two"),
            greeting("Greeter", "g-1", 1, "three"));
    appends.insert(written);

    List<StoredEvent> all = reads.inGlobalOrder(-1, 10);
    assertThat(all).extracting(StoredEvent::eventId).containsExactlyElementsOf(ids(written));
    assertThat(all).extracting(StoredEvent::globalIndex).containsExactly(1L, 2L, 3L);
    assertThat(all.get(0))
        .usingRecursiveComparison()
        .ignoringFields("globalIndex")
        .isEqualTo(written.get(0));
    assertThat(reads.head()).isEqualTo(3);
    assertThat(reads.countUpTo(2)).isEqualTo(2);
    assertThat(reads.inGlobalOrder(1, 1))
        .extracting(StoredEvent::eventId)
        .containsExactly(id(written, 1));
    assertThat(reads.ofAggregateTypes(List.of("Greeter"), 1, 10))
        .extracting(StoredEvent::eventId)
        .containsExactly(id(written, 2));
    PayloadKind greetings = PayloadKind.of("Greeter", Greeting.class);
    assertThat(reads.lastOf(greetings)).isEqualTo(3);
    assertThat(reads.countOf(greetings, 2)).isEqualTo(1);
    assertThat(reads.ofPayloadType(greetings, -1, 2, 10))
        .extracting(StoredEvent::eventId)
        .containsExactly(id(written, 0));
    assertThat(reads.stream("g-1")).extracting(StoredEvent::sequence).containsExactly(0L, 1L);
    assertThat(appends.lastEvent("g-1"))
        .get()
        .extracting(EventAppends.LastEvent::sequence)
        .isEqualTo(1L);
    assertThat(appends.lastEvent("nobody")).isEmpty();
    assertThat(appends.sharedByNodes()).isFalse();

    List<StoredEvent> paged = new ArrayList<>();
    reads.streamsOfType("Greeter", "", -1, 1, paged::add);
    reads.streamsOfType("Greeter", "g-1", 0, 1, paged::add);
    assertThat(paged).extracting(StoredEvent::sequence).containsExactly(0L, 1L);

    List<Object> since = new ArrayList<>();
    reads.eachOfTypeSince(
        "Greeter", Instant.now().minusSeconds(60), m -> since.add(m.getPayload()));
    assertThat(since).containsExactlyInAnyOrder(new Greeting("one"), new Greeting("three"));
  }

  @Test
  void readsThroughTheUpcasterChainItIsGiven() {
    new EventAppends(dataSource).insert(List.of(greeting("Greeter", "g-1", 0, "hello")));
    EventReads plain = new EventReads(dataSource, new EventUpcasting(serializer, null));
    EventReads upcasting =
        new EventReads(dataSource, new EventUpcasting(serializer, new UpperCaseGreetings()));
    List<StoredEvent> rows = upcasting.inGlobalOrder(-1, 10);

    assertThat(plain.payloads(rows, Greeting.class)).containsExactly(new Greeting("hello"));
    assertThat(upcasting.payloads(rows, Greeting.class)).containsExactly(new Greeting("HELLO"));
    List<Object> streamed = new ArrayList<>();
    upcasting.eachInStreamSince(
        "g-1", Instant.now().minusSeconds(60), message -> streamed.add(message.getPayload()));
    assertThat(streamed).containsExactly(new Greeting("HELLO"));
    // the stored row itself is left as it was, with the empty metadata Axon can read
    StoredEvent stored = upcasting.stream("g-1").get(0);
    assertThat(stored.payloadRevision()).isNull();
    assertThat(stored.metaData()).asString().isEqualTo("{}");
  }

  private StoredEvent greeting(String type, String aggregate, long sequence, String text) {
    SerializedObject<byte[]> payload = serializer.serialize(new Greeting(text), byte[].class);
    return StoredEvent.unstored(
        type,
        aggregate,
        sequence,
        UUID.randomUUID().toString(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        payload.getType().getName(),
        null,
        payload.getData());
  }

  private static List<String> ids(List<StoredEvent> events) {
    return events.stream().map(StoredEvent::eventId).toList();
  }

  private static String id(List<StoredEvent> events, int index) {
    return events.get(index).eventId();
  }

  private static List<String> statements(Path file) {
    try {
      StringBuilder sql = new StringBuilder();
      for (String line : Files.readAllLines(file)) {
        if (!line.strip().startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      return List.of(sql.toString().split(";")).stream()
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the schema " + file, e);
    }
  }

  /** Revision-less greetings meant upper case. */
  static final class UpperCaseGreetings extends SingleEventUpcaster {

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
      return event.getType().getName().equals(Greeting.class.getName())
          && event.getType().getRevision() == null;
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
      return event.upcastPayload(
          new SimpleSerializedType(Greeting.class.getName(), "2"),
          JsonNode.class,
          payload -> {
            ObjectNode copy = ((ObjectNode) payload).deepCopy();
            copy.put("text", copy.get("text").asText().toUpperCase(Locale.ROOT));
            return copy;
          });
    }
  }
}
