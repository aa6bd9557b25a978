package io.llmproxy.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUsernames;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A password reset and a disablement stored by a release before session generations (their JSON has
 * no {@code generation}) still count: one step each, on the edge and in the aggregate, so the next
 * reset continues from there and nothing stored is rewritten.
 */
@EndToEnd
class EventsRecordedBeforeGenerationsTest {

  private static final String PASSWORD = "a long enough password";
  private static final String RESET_PASSWORD = "reset by the old release";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void oldResetsAndDisablementsCountOneGenerationStepEach() throws Exception {
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      node.createUser(node.login(), "olga", "viewer", PASSWORD);
    }
    Instant then = Instant.parse("2026-01-15T10:00:00Z");
    String hash = new BCryptPasswordEncoder().encode(RESET_PASSWORD);
    appendOldEvent(
        1,
        "AdminUserPasswordReset",
        "{\"username\":\"olga\",\"passwordHash\":\"" + hash + "\",\"resetAt\":\"" + then + "\"}");
    appendOldEvent(
        2, "AdminUserDisabled", "{\"username\":\"olga\",\"disabledAt\":\"" + then + "\"}");
    appendOldEvent(3, "AdminUserEnabled", "{\"username\":\"olga\",\"enabledAt\":\"" + then + "\"}");
    // and a snapshot the previous release took: its aggregate had no session generation
    storeOldSnapshot(
        3,
        "{\"streamId\":\"admin-user/olga\",\"username\":\"olga\",\"role\":\"VIEWER\","
            + "\"disabled\":false}");

    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String olga = node.login("olga", RESET_PASSWORD);
      assertThat(generation(olga)).isEqualTo(2);
      expectStatus(node, olga, 200);

      node.http()
          .patch()
          .uri("/admin/users/olga")
          .header("Authorization", "Bearer " + node.login())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("password", "a newer passphrase"))
          .exchange()
          .expectStatus()
          .isNoContent();
      AdminUserPasswordReset reset =
          node.bean(EventStore.class)
              .readEvents(AdminUsernames.streamId("olga"))
              .asStream()
              .map(message -> message.getPayload())
              .filter(AdminUserPasswordReset.class::isInstance)
              .map(AdminUserPasswordReset.class::cast)
              .reduce((first, second) -> second)
              .orElseThrow();
      assertThat(reset.generation()).isEqualTo(3L);
      expectStatus(node, olga, 401);
      String again = node.login("olga", "a newer passphrase");
      assertThat(generation(again)).isEqualTo(3);
      expectStatus(node, again, 200);
    }
  }

  /** Writes a row as the previous release's event store did, with that release's JSON. */
  private void appendOldEvent(long sequence, String type, String payload) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("llm-proxy.db"));
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO domain_event_entry (event_identifier, meta_data, payload,"
                    + " payload_revision, payload_type, time_stamp, aggregate_identifier,"
                    + " sequence_number, type) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 'AdminUser')")) {
      insert.setString(1, UUID.randomUUID().toString());
      insert.setBytes(2, "{}".getBytes(StandardCharsets.UTF_8));
      insert.setBytes(3, payload.getBytes(StandardCharsets.UTF_8));
      insert.setString(4, "io.llmproxy.kernel.users." + type);
      insert.setString(5, Instant.now().toString());
      insert.setString(6, AdminUsernames.streamId("olga"));
      insert.setLong(7, sequence);
      insert.executeUpdate();
    }
  }

  /** A snapshot row as the previous release stored it: the aggregate's JSON, no revision. */
  private void storeOldSnapshot(long sequence, String aggregate) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("llm-proxy.db"));
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type,"
                    + " event_identifier, meta_data, payload, payload_revision, payload_type,"
                    + " time_stamp) VALUES (?, ?, 'AdminUser', ?, ?, ?, NULL, ?, ?)")) {
      insert.setString(1, AdminUsernames.streamId("olga"));
      insert.setLong(2, sequence);
      insert.setString(3, UUID.randomUUID().toString());
      insert.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
      insert.setBytes(5, aggregate.getBytes(StandardCharsets.UTF_8));
      insert.setString(6, "io.llmproxy.command.users.AdminUser");
      insert.setString(7, Instant.now().toString());
      insert.executeUpdate();
    }
  }

  private static long generation(String token) throws java.io.IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("gen").asLong();
  }

  private static void expectStatus(ProxyNode node, String token, int status) {
    node.http()
        .get()
        .uri("/api/usage/summary")
        .header("Authorization", "Bearer " + token)
        .exchange()
        .expectStatus()
        .isEqualTo(status);
  }
}
