package io.llmproxy.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.TestPostgres;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the gateway writes, Axon reads back as it reads its own rows, and the other way round: rows
 * appended by {@link EventAppends} come out of Axon's {@code EventStore.readEvents} and a real
 * {@link TrackingEventProcessor} with the same identifier, aggregate, sequence, timestamp, payload
 * and metadata, and {@link EventReads} returns them in global order, by type and from a position,
 * upcast by the application's chain as Axon upcasts them. On a SQLite file and on PostgreSQL, with
 * the application's own Axon configuration.
 */
@EndToEnd
class EventStoreContractTest {

  private static final Duration CEILING = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @Test
  void sqliteRowsReadBackIdenticallyByAxonAndTheGateway() throws Exception {
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      holdsTheContract(node);
    }
  }

  @Test
  void postgresRowsReadBackIdenticallyByAxonAndTheGateway() throws Exception {
    TestPostgres database = TestPostgres.emptied();
    try (ProxyNode node = ProxyNode.start(dataDir, database.nodeProperties("contract"))) {
      holdsTheContract(node);
    }
  }

  private static void holdsTheContract(ProxyNode node) throws Exception {
    Serializer serializer = node.context().getBean("eventSerializer", Serializer.class);
    EventReads reads = node.bean(EventReads.class);
    EventStore store = node.bean(EventStore.class);
    String ledgerStream = "usage-contract-" + UUID.randomUUID();
    String keyId = "contract-" + UUID.randomUUID();
    long before = reads.head();

    List<StoredEvent> written = new ArrayList<>();
    for (int sequence = 0; sequence < 3; sequence++) {
      written.add(usage(serializer, ledgerStream, sequence));
    }
    // a key event as the release before explicit ["*"] stored it: the upcaster rewrites it
    written.add(previousReleaseKey(serializer, keyId));
    new TransactionTemplate(new DataSourceTransactionManager(node.bean(DataSource.class)))
        .executeWithoutResult(status -> node.bean(EventAppends.class).insert(written));
    Set<String> ours = Set.of(ledgerStream, keyId);

    // Axon's event store, aggregate by aggregate
    List<DomainEventMessage<?>> fromAxon = new ArrayList<>();
    store.readEvents(ledgerStream).asStream().forEach(fromAxon::add);
    store.readEvents(keyId).asStream().forEach(fromAxon::add);
    assertMatches(fromAxon, written);
    ApiKeyIssued upcast = (ApiKeyIssued) fromAxon.get(3).getPayload();
    assertThat(upcast.allowedModels()).containsExactly(KeyAttributes.EVERY_ALIAS);

    // a tracking processor over the same store
    List<DomainEventMessage<?>> tracked = trackedEvents(store, ours, written.size());
    assertMatches(tracked, written);

    // the gateway's reads, as rows and as messages
    List<StoredEvent> global =
        reads.inGlobalOrder(before, 10_000).stream()
            .filter(row -> ours.contains(row.aggregateId()))
            .toList();
    assertRowsEqual(global, written);
    assertThat(global).extracting(StoredEvent::globalIndex).isSorted().doesNotHaveDuplicates();
    assertMatches(
        reads.messages(global).<DomainEventMessage<?>>map(m -> (DomainEventMessage<?>) m).toList(),
        written);
    assertThat(reads.messages(global).map(TrackedEventMessage::trackingToken))
        .extracting(token -> token.position().orElseThrow())
        .containsExactlyElementsOf(global.stream().map(StoredEvent::globalIndex).toList());

    long firstKeyIndex = global.get(3).globalIndex();
    assertThat(
            reads.ofAggregateTypes(List.of(AggregateTypes.API_KEY), before, 10_000).stream()
                .filter(row -> ours.contains(row.aggregateId())))
        .extracting(StoredEvent::eventId)
        .containsExactly(written.get(3).eventId());
    PayloadKind usage = PayloadKind.of(AggregateTypes.USAGE_LEDGER, UsageRecorded.class);
    List<StoredEvent> usageRows =
        reads.ofPayloadType(usage, before, reads.lastOf(usage), 10_000).stream()
            .filter(row -> ours.contains(row.aggregateId()))
            .toList();
    assertRowsEqual(usageRows, written.subList(0, 3));
    assertThat(reads.ofPayloadType(usage, global.get(0).globalIndex(), firstKeyIndex, 10_000))
        .extracting(StoredEvent::eventId)
        .containsExactly(written.get(1).eventId(), written.get(2).eventId());
    assertThat(reads.countOf(usage, global.get(2).globalIndex()))
        .isEqualTo(reads.countOf(usage, before) + 3);
    assertRowsEqual(reads.stream(ledgerStream), written.subList(0, 3));
    assertThat(reads.head()).isGreaterThanOrEqualTo(firstKeyIndex);
    assertThat(reads.payloads(reads.stream(keyId), ApiKeyIssued.class))
        .singleElement()
        .extracting(ApiKeyIssued::allowedModels)
        .isEqualTo(List.of(KeyAttributes.EVERY_ALIAS));
  }

  private static List<DomainEventMessage<?>> trackedEvents(
      EventStore store, Set<String> aggregates, int expected) {
    Collector collector = new Collector(aggregates);
    TrackingEventProcessor processor =
        TrackingEventProcessor.builder()
            .name("contract-" + UUID.randomUUID())
            .eventHandlerInvoker(
                SimpleEventHandlerInvoker.builder().eventHandlers(collector).build())
            .messageSource(store)
            .tokenStore(new InMemoryTokenStore())
            .transactionManager(NoTransactionManager.INSTANCE)
            .trackingEventProcessorConfiguration(
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing())
            .build();
    processor.start();
    try {
      await().atMost(CEILING).until(() -> collector.events.size() >= expected);
    } finally {
      processor.shutDown();
    }
    return collector.events;
  }

  /** Collects the events of the test's own aggregates, as a processor hands them to a handler. */
  static final class Collector {
    private final Set<String> aggregates;
    final List<DomainEventMessage<?>> events = new CopyOnWriteArrayList<>();

    Collector(Set<String> aggregates) {
      this.aggregates = aggregates;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
      if (message instanceof DomainEventMessage<?> domain
          && aggregates.contains(domain.getAggregateIdentifier())) {
        events.add(domain);
      }
    }
  }

  private static void assertMatches(List<DomainEventMessage<?>> read, List<StoredEvent> written) {
    assertThat(read).hasSameSizeAs(written);
    for (int i = 0; i < written.size(); i++) {
      DomainEventMessage<?> message = read.get(i);
      StoredEvent row = written.get(i);
      assertThat(message.getIdentifier()).isEqualTo(row.eventId());
      assertThat(message.getType()).isEqualTo(row.aggregateType());
      assertThat(message.getAggregateIdentifier()).isEqualTo(row.aggregateId());
      assertThat(message.getSequenceNumber()).isEqualTo(row.sequence());
      assertThat(message.getTimestamp()).isEqualTo(row.getTimestamp());
      assertThat(message.getMetaData()).isEqualTo(MetaData.with("contract", "row-" + i));
      if (row.payloadType().equals(UsageRecorded.class.getName())) {
        assertThat(message.getPayload()).isEqualTo(usagePayload(row.sequence()));
      }
    }
  }

  private static void assertRowsEqual(List<StoredEvent> read, List<StoredEvent> written) {
    assertThat(read).hasSameSizeAs(written);
    for (int i = 0; i < written.size(); i++) {
      StoredEvent row = read.get(i);
      StoredEvent expected = written.get(i);
      assertThat(row.globalIndex()).isPositive();
      assertThat(row).usingRecursiveComparison().ignoringFields("globalIndex").isEqualTo(expected);
    }
  }

  private static StoredEvent usage(Serializer serializer, String stream, int sequence) {
    SerializedObject<byte[]> payload = serializer.serialize(usagePayload(sequence), byte[].class);
    return StoredEvent.unstored(
            AggregateTypes.USAGE_LEDGER,
            stream,
            sequence,
            UUID.randomUUID().toString(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            payload.getType().getName(),
            payload.getType().getRevision(),
            payload.getData())
        .withMetaData(metaData(serializer, sequence));
  }

  private static byte[] metaData(Serializer serializer, int index) {
    return serializer.serialize(MetaData.with("contract", "row-" + index), byte[].class).getData();
  }

  private static UsageRecorded usagePayload(long sequence) {
    return new UsageRecorded(
        "req-contract-" + sequence,
        "contract-key",
        "gpt",
        "openai",
        "gpt-4o-mini",
        new TokenUsage(17, 5, 22, 10, 0),
        false,
        UsageOutcome.SUCCESS,
        10,
        Instant.parse("2026-03-01T10:15:30.123Z").plusSeconds(sequence),
        "chat.completions",
        false,
        null,
        new BigDecimal("0.001" + sequence),
        "v1",
        "contract-team",
        1,
        false);
  }

  /** No revision and an empty model list: "every alias" as the release before meant it. */
  private static StoredEvent previousReleaseKey(Serializer serializer, String keyId) {
    String json =
        "{\"keyId\":\""
            + keyId
            + "\",\"name\":\"contract\",\"secretHash\":\"not-a-real-hash\","
            + "\"displayPrefix\":\"sk-contract\",\"allowedModels\":[],\"expiresAt\":null,"
            + "\"issuedAt\":\"2026-03-01T10:15:30Z\",\"limits\":{\"requestsPerMinute\":null,"
            + "\"tokensPerMinute\":null,\"unlimited\":true},\"owner\":null,\"teamId\":null,"
            + "\"budget\":null,\"metadata\":{}}";
    return StoredEvent.unstored(
            AggregateTypes.API_KEY,
            keyId,
            0,
            UUID.randomUUID().toString(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            ApiKeyIssued.class.getName(),
            null,
            json.getBytes(StandardCharsets.UTF_8))
        .withMetaData(metaData(serializer, 3));
  }
}
