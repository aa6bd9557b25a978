package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import io.llmproxy.kernel.keys.KeyAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

/**
 * The upcaster on the stored JSON, read with the application's own event serializer: rows of the
 * payloads an earlier release wrote (shaped as the release-29eb067 fixture holds them).
 */
class EmptyModelsMeantEveryAliasTest {

  private static final Serializer SERIALIZER =
      EventSerializationConfiguration.eventJsonSerializer();
  private static final String ISSUED_JSON =
      "{\"keyId\":\"k1\",\"name\":\"alpha\",\"secretHash\":\"%s\",\"displayPrefix\":\"sk-llmp-k1-Da…\","
          + "%s\"expiresAt\":null,\"issuedAt\":\"2026-11-26T12:43:22.296452001Z\","
          + "\"limits\":{\"requestsPerMinute\":null,\"tokensPerMinute\":null,\"unlimited\":true},"
          + "\"owner\":\"ann\",\"teamId\":null,\"budget\":null,\"metadata\":{\"env\":\"prod\"}}";
  private static final String UPDATED_JSON =
      "{\"keyId\":\"k1\",\"attributes\":{\"name\":\"alpha\",%s\"expiresAt\":null,"
          + "\"limits\":{\"requestsPerMinute\":60,\"tokensPerMinute\":null,\"unlimited\":false},"
          + "\"owner\":null,\"teamId\":null,\"budget\":null,\"metadata\":{}},"
          + "\"updatedAt\":\"2026-11-26T12:44:00Z\"}";
  private static final String HASH = "f".repeat(64);

  private final EmptyModelsMeantEveryAlias upcaster = new EmptyModelsMeantEveryAlias();

  @Test
  void anOldIssueWithNoModelsNowSaysEveryAlias() {
    ApiKeyIssued issued = issued("\"allowedModels\":[],", null);
    assertThat(issued.allowedModels()).containsExactly(KeyAttributes.EVERY_ALIAS);
    assertThat(issued.name()).isEqualTo("alpha");
    assertThat(issued.secretHash()).isEqualTo(HASH);
    assertThat(issued.owner()).isEqualTo("ann");
    assertThat(issued.metadata()).containsEntry("env", "prod");
    assertThat(issued.issuedAt()).isEqualTo(Instant.parse("2026-11-26T12:43:22.296452001Z"));
  }

  @Test
  void anOldIssueWithoutTheFieldOrWithNullNowSaysEveryAlias() {
    assertThat(issued("", null).allowedModels()).containsExactly("*");
    assertThat(issued("\"allowedModels\":null,", null).allowedModels()).containsExactly("*");
  }

  @Test
  void anOldIssueNamingAliasesKeepsThem() {
    ApiKeyIssued issued = issued("\"allowedModels\":[\"demo\",\"other\"],", null);
    assertThat(issued.allowedModels()).containsExactly("demo", "other");
  }

  @Test
  void anIssueOfTheCurrentRevisionWithNoModelsStaysNone() {
    ApiKeyIssued issued = issued("\"allowedModels\":[],", KeyAttributes.EXPLICIT_EVERY_ALIAS);
    assertThat(issued.allowedModels()).isEmpty();
  }

  @Test
  void anOldUpdateWithNoModelsNowSaysEveryAliasInsideItsAttributes() {
    ApiKeyUpdated updated = updated("\"allowedModels\":[],", null);
    assertThat(updated.attributes().allowedModels()).containsExactly("*");
    assertThat(updated.attributes().limits().requestsPerMinute()).isEqualTo(60L);
    assertThat(updated.updatedAt()).isEqualTo(Instant.parse("2026-11-26T12:44:00Z"));
    assertThat(updated("\"allowedModels\":[\"demo\"],", null).attributes().allowedModels())
        .containsExactly("demo");
  }

  @Test
  void anUpdateOfTheCurrentRevisionWithNoModelsStaysNone() {
    ApiKeyUpdated updated = updated("\"allowedModels\":[],", KeyAttributes.EXPLICIT_EVERY_ALIAS);
    assertThat(updated.attributes().allowedModels()).isEmpty();
  }

  @Test
  void theCurrentEventsAreWrittenInTheRevisionTheUpcasterLeavesAlone() {
    var attributes = new KeyAttributes("n", List.of(), null, null, null, null, null, null);
    assertThat(SERIALIZER.typeForClass(ApiKeyIssued.class).getRevision())
        .isEqualTo(KeyAttributes.EXPLICIT_EVERY_ALIAS);
    var written =
        SERIALIZER.serialize(new ApiKeyUpdated("k1", attributes, Instant.EPOCH), byte[].class);
    assertThat(written.getType().getRevision()).isEqualTo(KeyAttributes.EXPLICIT_EVERY_ALIAS);
    ApiKeyUpdated readBack =
        read(
            row(
                ApiKeyUpdated.class.getName(),
                written.getType().getRevision(),
                new String(written.getData(), StandardCharsets.UTF_8)),
            ApiKeyUpdated.class);
    assertThat(readBack.attributes().allowedModels()).isEmpty();
  }

  @Test
  void otherEventsPassUntouched() {
    String json =
        "{\"keyId\":\"k1\",\"reason\":\"by an administrator\","
            + "\"suspendedAt\":\"2026-11-26T12:43:29.751364337Z\"}";
    ApiKeySuspended suspended =
        read(row(ApiKeySuspended.class.getName(), null, json), ApiKeySuspended.class);
    assertThat(suspended.reason()).isEqualTo("by an administrator");
  }

  private ApiKeyIssued issued(String modelsField, String revision) {
    return read(
        row(ApiKeyIssued.class.getName(), revision, ISSUED_JSON.formatted(HASH, modelsField)),
        ApiKeyIssued.class);
  }

  private ApiKeyUpdated updated(String modelsField, String revision) {
    return read(
        row(ApiKeyUpdated.class.getName(), revision, UPDATED_JSON.formatted(modelsField)),
        ApiKeyUpdated.class);
  }

  private <T> T read(Row row, Class<T> type) {
    List<? extends DomainEventMessage<?>> events =
        EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), SERIALIZER, upcaster)
            .asStream()
            .toList();
    assertThat(events).hasSize(1);
    return type.cast(events.get(0).getPayload());
  }

  private static Row row(String type, String revision, String json) {
    return new Row(type, revision, json.getBytes(StandardCharsets.UTF_8));
  }

  /** A stored key event row, as Axon's storage engines hand rows to the upcaster chain. */
  private record Row(String payloadType, String revision, byte[] payload)
      implements DomainEventData<byte[]> {

    @Override
    public String getType() {
      return "ApiKey";
    }

    @Override
    public String getAggregateIdentifier() {
      return "k1";
    }

    @Override
    public long getSequenceNumber() {
      return 0;
    }

    @Override
    public String getEventIdentifier() {
      return "event-1";
    }

    @Override
    public Instant getTimestamp() {
      return Instant.parse("2026-11-26T12:43:22.296Z");
    }

    @Override
    public SerializedObject<byte[]> getMetaData() {
      return new SimpleSerializedObject<>(
          "{}".getBytes(StandardCharsets.UTF_8), byte[].class, MetaData.class.getName(), null);
    }

    @Override
    public SerializedObject<byte[]> getPayload() {
      return new SimpleSerializedObject<>(payload, byte[].class, payloadType, revision);
    }
  }
}
