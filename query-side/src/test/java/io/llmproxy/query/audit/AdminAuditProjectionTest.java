package io.llmproxy.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class AdminAuditProjectionTest {

  private final AdminAuditRepository trail = mock(AdminAuditRepository.class);
  private final AnnotationEventHandlerAdapter handler =
      new AnnotationEventHandlerAdapter(new AdminAuditProjection(trail));

  /**
   * A usage event as the store hands it over, except that its payload bytes are not JSON: deciding
   * to skip it must not need the payload, or this would fail to deserialise.
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
    verify(trail, never()).save(any());
  }

  @Test
  void anEventWithAnActorIsRecordedAtItsGlobalPosition() throws Exception {
    var revoked =
        new GenericTrackedDomainEventMessage<>(
            new GlobalSequenceTrackingToken(42),
            new GenericDomainEventMessage<>(
                AggregateTypes.API_KEY,
                "k1",
                3,
                new ApiKeyRevoked("k1", "leaving", Instant.now()),
                MetaData.from(Map.of("actor", "alice", "actor_role", "admin"))));

    assertThat(handler.canHandle(revoked)).isTrue();
    handler.handle(revoked);

    ArgumentCaptor<AdminAuditEvent> saved = ArgumentCaptor.forClass(AdminAuditEvent.class);
    verify(trail).save(saved.capture());
    assertThat(saved.getValue().getId()).isEqualTo(42L);
  }
}
