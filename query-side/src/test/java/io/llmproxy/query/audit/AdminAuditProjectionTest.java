package io.llmproxy.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.readmodel.EpochMicros;
import io.llmproxy.query.support.SqliteJpaConfiguration;
import io.llmproxy.query.support.SqliteReadModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;

/** The admin-audit projection through its real repository into the trail's SQLite table. */
class AdminAuditProjectionTest {

  private static final Instant REVOKED_AT = Instant.parse("2026-03-01T12:00:00.123456Z");

  @TempDir static Path folder;

  private AnnotationConfigApplicationContext context;
  private JdbcTemplate jdbc;
  private AnnotationEventHandlerAdapter handler;

  @Configuration
  @EnableJpaRepositories(basePackageClasses = AdminAuditRepository.class)
  static class JpaOnSqlite extends SqliteJpaConfiguration {

    JpaOnSqlite() {
      super(folder, AdminAuditEvent.class, "V2_3__admin_audit_trail.sql");
    }
  }

  @BeforeEach
  void setUp() {
    context = new AnnotationConfigApplicationContext(JpaOnSqlite.class);
    jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    handler =
        new AnnotationEventHandlerAdapter(
            new AdminAuditProjection(context.getBean(AdminAuditRepository.class)));
  }

  @AfterEach
  void tearDown() {
    context.close();
  }

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

  private List<Map<String, Object>> trail() {
    return SqliteReadModels.rows(jdbc, "SELECT * FROM admin_audit_event ORDER BY global_index");
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

    assertThat(trail()).isEmpty();
  }

  @Test
  void anEventWithAnActorIsRecordedAtItsGlobalPositionWithWhoDidWhatToWhat() throws Exception {
    var revoked = revokedBy(42, Map.of("actor", "alice", "actor_role", "admin"));

    assertThat(handler.canHandle(revoked)).isTrue();
    handler.handle(revoked);

    assertThat(trail())
        .containsExactly(
            Map.of(
                "global_index",
                42L,
                "event_id",
                revoked.getIdentifier(),
                "occurred_at",
                EpochMicros.of(revoked.getTimestamp()),
                "actor",
                "alice",
                "actor_role",
                "admin",
                "action",
                "ApiKeyRevoked",
                "subject_type",
                AggregateTypes.API_KEY,
                "subject_id",
                "k1",
                "summary",
                PayloadSummary.of(new ApiKeyRevoked("k1", "leaving", REVOKED_AT))));
  }

  @Test
  void theRoleIsOptional() throws Exception {
    handler.handle(revokedBy(5, Map.of("actor", "alice")));

    assertThat(trail())
        .singleElement()
        .satisfies(row -> assertThat(row.get("actor_role")).isNull());
  }

  @Test
  void anEventOfNoAggregateIsRecordedWithoutASubject() throws Exception {
    handler.handle(
        new GenericTrackedEventMessage<>(
            new GlobalSequenceTrackingToken(9),
            GenericEventMessage.asEventMessage(new ApiKeyRevoked("k1", "leaving", REVOKED_AT))
                .andMetaData(Map.of("actor", "bob"))));

    assertThat(trail())
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsEntry("global_index", 9L)
                    .containsEntry("actor", "bob")
                    .containsEntry("subject_type", null)
                    .containsEntry("subject_id", null));
  }

  @Test
  void eachEventIsALineOfItsOwn() throws Exception {
    handler.handle(revokedBy(12, Map.of("actor", "bob")));
    handler.handle(revokedBy(3, Map.of("actor", "alice")));

    assertThat(trail())
        .extracting(row -> List.of(row.get("global_index"), row.get("actor")))
        .containsExactly(List.of(3L, "alice"), List.of(12L, "bob"));
  }

  @Test
  void aResetEmptiesTheTrailForTheReplay() throws Exception {
    handler.handle(revokedBy(1, Map.of("actor", "alice")));

    handler.prepareReset();

    assertThat(trail()).isEmpty();
  }
}
