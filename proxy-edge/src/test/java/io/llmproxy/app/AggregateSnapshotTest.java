package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * A key with a long history is snapshotted, and after a restart (empty aggregate cache) its state
 * comes back from the snapshot whole: the next commands see every attribute and flag. A snapshot an
 * earlier release took is not trusted with what its model list now means.
 */
@EndToEnd
class AggregateSnapshotTest {

  @TempDir Path dataDir;

  @Test
  void aKeyRestoredFromItsSnapshotKeepsItsAttributesAndState() throws Exception {
    Map<String, Object> settings = Map.of("llmproxy.snapshot-threshold", 5);
    String id;
    String teamId;
    try (ProxyNode node = ProxyNode.start(dataDir, settings)) {
      String admin = node.login();
      teamId =
          call(node, admin, HttpMethod.POST, "/admin/teams", Map.of("name", "t"))
              .path("id")
              .asText();
      String key =
          node.issueKey(
              admin,
              Map.of(
                  "name",
                  "long-lived",
                  "models",
                  List.of("*"),
                  "team_id",
                  teamId,
                  "owner",
                  "ops",
                  "metadata",
                  Map.of("cost_center", "42"),
                  "limits",
                  Map.of("requests_per_minute", 100),
                  "budget",
                  Map.of("limit_usd", "0.000125", "period", "weekly")));
      id = ProxyNode.keyId(key);
      for (int i = 0; i < 6; i++) {
        call(node, admin, HttpMethod.POST, "/admin/keys/" + id + "/suspend", null);
        call(node, admin, HttpMethod.POST, "/admin/keys/" + id + "/resume", null);
      }
      call(node, admin, HttpMethod.POST, "/admin/keys/" + id + "/suspend", null);
    }
    assertThat(snapshotsOf(id)).isPositive();

    try (ProxyNode restarted = ProxyNode.start(dataDir, Map.of())) {
      String admin = restarted.login();
      JsonNode state =
          call(restarted, admin, HttpMethod.PATCH, "/admin/keys/" + id, Map.of("name", "renamed"));
      assertThat(state.path("team_id").asText()).isEqualTo(teamId);
      assertThat(state.path("owner").asText()).isEqualTo("ops");
      assertThat(state.path("metadata").path("cost_center").asText()).isEqualTo("42");
      assertThat(state.path("limits").path("requests_per_minute").asLong()).isEqualTo(100);
      assertThat(state.path("budget").path("limit_usd").decimalValue())
          .isEqualByComparingTo("0.000125");
      assertThat(state.path("budget").path("period").asText()).isEqualTo("weekly");
      // the snapshot says "suspended": resuming records an event, suspending again would not
      restarted
          .http()
          .post()
          .uri("/admin/keys/{id}/resume", id)
          .header("Authorization", "Bearer " + admin)
          .exchange()
          .expectStatus()
          .isNoContent();
      long before = eventsOf(id);
      call(restarted, admin, HttpMethod.POST, "/admin/keys/" + id + "/resume", null);
      assertThat(eventsOf(id)).isEqualTo(before);
    }
  }

  /**
   * The key's rows are put back into the form the previous release wrote (no payload revision, an
   * empty model list for "every alias"), snapshot included. Were that snapshot loaded, the empty
   * list would now mean "none" and the rename below would record a key that reaches nothing.
   */
  @Test
  void aSnapshotOfAnEarlierReleaseCannotTakeAKeysAliasesAway() throws Exception {
    String key;
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of("llmproxy.snapshot-threshold", 5))) {
      String admin = node.login();
      node.route(admin, "demo", "mock", "mock-1");
      node.route(admin, "other", "mock", "mock-2");
      key = node.issueKey(admin, "from-before", List.of("*"));
      for (int i = 0; i < 3; i++) {
        call(
            node, admin, HttpMethod.POST, "/admin/keys/" + ProxyNode.keyId(key) + "/suspend", null);
        call(node, admin, HttpMethod.POST, "/admin/keys/" + ProxyNode.keyId(key) + "/resume", null);
      }
    }
    String id = ProxyNode.keyId(key);
    assertThat(snapshotsOf(id)).isPositive();
    assertThat(asPreviousRelease("snapshot_event_entry", id)).isEqualTo(snapshotsOf(id));
    assertThat(asPreviousRelease("domain_event_entry", id)).isOne();

    try (ProxyNode restarted = ProxyNode.start(dataDir, Map.of())) {
      String admin = restarted.login();
      JsonNode state =
          call(restarted, admin, HttpMethod.PATCH, "/admin/keys/" + id, Map.of("name", "renamed"));
      assertThat(state.path("models")).hasSize(1);
      assertThat(state.path("models").get(0).asText()).isEqualTo("*");
      restarted.chat(key, "other", "still every alias").expectStatus().isOk();
      restarted.chat(key, "demo", "still every alias").expectStatus().isOk();
    }
  }

  /** Rewrites the key's rows of {@code table} that carry its models as the old release had them. */
  private int asPreviousRelease(String table, String aggregateId) throws SQLException {
    try (var connection =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("llm-proxy.db"));
        var statement =
            connection.prepareStatement(
                "UPDATE "
                    + table
                    + " SET payload_revision = NULL, payload = CAST(replace(CAST(payload AS TEXT),"
                    + " '\"allowedModels\":[\"*\"]', '\"allowedModels\":[]') AS BLOB)"
                    + " WHERE aggregate_identifier = ?"
                    + " AND CAST(payload AS TEXT) LIKE '%\"allowedModels\":[\"*\"]%'")) {
      statement.setString(1, aggregateId);
      return statement.executeUpdate();
    }
  }

  private static JsonNode call(
      ProxyNode node, String admin, HttpMethod method, String uri, Object body) {
    var request = node.http().method(method).uri(uri).header("Authorization", "Bearer " + admin);
    var exchange =
        body == null
            ? request.exchange()
            : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    return exchange
        .expectStatus()
        .is2xxSuccessful()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  private long snapshotsOf(String aggregateId) throws SQLException {
    return count(
        "SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", aggregateId);
  }

  private long eventsOf(String aggregateId) throws SQLException {
    return count(
        "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", aggregateId);
  }

  private long count(String sql, String aggregateId) throws SQLException {
    try (var connection =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("llm-proxy.db"));
        var statement = connection.prepareStatement(sql)) {
      statement.setString(1, aggregateId);
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
