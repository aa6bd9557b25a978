package io.llmproxy.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.readmodel.EpochMicros;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class AdminAuditProjectionTest {

  private static final Instant REVOKED_AT = Instant.parse("2026-03-01T12:00:00.123456Z");

  private final InMemoryAdminAuditRepository trail = new InMemoryAdminAuditRepository();
  private final AnnotationEventHandlerAdapter handler =
      new AnnotationEventHandlerAdapter(new AdminAuditProjection(trail.repository()));

  private static TrackedEventMessage<?> revokedBy(long position, Map<String, String> metaData) {
    return new GenericTrackedDomainEventMessage<>(
        new GlobalSequenceTrackingToken(position),
        new GenericDomainEventMessage<>(
            AggregateTypes.API_KEY,
            "k1",
            3,
            new ApiKeyRevoked("k1", "leaving", REVOKED_AT),
            MetaData.from(metaData)));
  }

  /**
   * A usage event as the store hands it over, except that its payload bytes are not JSON: deciding
   * to skip it must not need the payload, or handling it would fail to deserialise.
   */
  @Test
  void anEventWithoutAnActorIsSkippedWithoutReadingItsPayload() throws Exception {
    var serializer = JacksonSerializer.defaultSerializer();
    var payload =
        new SimpleSerializedObject<>(
            "not json at all".getBytes(StandardCharsets.UTF_8),
            byte[].class,
            UsageRecorded.class.getName(),
            null);
    var metaData =
        new SimpleSerializedObject<>(
            "{}".getBytes(StandardCharsets.UTF_8), byte[].class, MetaData.class.getName(), null);
    var usage =
        new GenericTrackedEventMessage<>(
            new GlobalSequenceTrackingToken(7),
            new SerializedMessage<>("usage-1", payload, metaData, serializer),
            Instant::now);

    assertThat(handler.canHandle(usage)).isFalse();
    handler.handle(usage);

    assertThat(trail.rows()).isEmpty();
  }

  @Test
  void anEventWithAnActorIsRecordedAtItsGlobalPositionWithWhoDidWhatToWhat() throws Exception {
    var revoked = revokedBy(42, Map.of("actor", "alice", "actor_role", "admin"));

    assertThat(handler.canHandle(revoked)).isTrue();
    handler.handle(revoked);

    assertThat(trail.rows())
        .extracting(
            "globalIndex",
            "eventId",
            "occurredAt",
            "actor",
            "actorRole",
            "action",
            "subjectType",
            "subjectId")
        .containsExactly(
            tuple(
                42L,
                revoked.getIdentifier(),
                EpochMicros.of(revoked.getTimestamp()),
                "alice",
                "admin",
                "ApiKeyRevoked",
                AggregateTypes.API_KEY,
                "k1"));
    assertThat(trail.rows())
        .extracting("summary")
        .containsExactly(PayloadSummary.of(new ApiKeyRevoked("k1", "leaving", REVOKED_AT)));
  }

  @Test
  void theRoleIsOptional() throws Exception {
    handler.handle(revokedBy(5, Map.of("actor", "alice")));

    assertThat(trail.rows()).extracting("actor", "actorRole").containsExactly(tuple("alice", null));
  }

  @Test
  void anEventOfNoAggregateIsRecordedWithoutASubject() throws Exception {
    var event =
        new GenericTrackedEventMessage<>(
            new GlobalSequenceTrackingToken(9),
            GenericEventMessage.asEventMessage(new ApiKeyRevoked("k1", "leaving", REVOKED_AT))
                .andMetaData(Map.of("actor", "bob")));

    handler.handle(event);

    assertThat(trail.rows())
        .extracting("globalIndex", "actor", "action", "subjectType", "subjectId")
        .containsExactly(tuple(9L, "bob", "ApiKeyRevoked", null, null));
  }

  @Test
  void eachEventIsALineOfItsOwn() throws Exception {
    handler.handle(revokedBy(12, Map.of("actor", "bob")));
    handler.handle(revokedBy(3, Map.of("actor", "alice")));

    assertThat(trail.rows())
        .extracting("globalIndex", "actor")
        .containsExactlyInAnyOrder(tuple(3L, "alice"), tuple(12L, "bob"));
  }

  @Test
  void aResetEmptiesTheTrailForTheReplay() throws Exception {
    handler.handle(revokedBy(1, Map.of("actor", "alice")));

    handler.prepareReset();

    assertThat(trail.rows()).isEmpty();
  }
}
