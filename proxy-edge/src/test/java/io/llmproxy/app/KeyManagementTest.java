package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Updating, rotating and grouping keys into teams over the admin API, as the edge applies it. */
@EndToEnd
class KeyManagementTest {

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    node.route(admin, "demo", "mock", "mock-1");
    node.route(admin, "other", "mock", "mock-2");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aPatchChangesOnlyTheNamedFieldsAndTheEdgeAppliesItAtOnce() {
    String key = node.issueKey(admin, "patched", List.of("demo"));
    String id = ProxyNode.keyId(key);
    node.chat(key, "other", "hi").expectStatus().isNotFound();

    JsonNode updated =
        send(
                HttpMethod.PATCH,
                "/admin/keys/" + id,
                Map.of(
                    "models", List.of("demo", "other"),
                    "owner", "alice@example.com",
                    "metadata", Map.of("env", "prod")))
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    assertThat(updated.path("id").asText()).isEqualTo(id);
    assertThat(updated.path("name").asText()).isEqualTo("patched");
    assertThat(updated.path("owner").asText()).isEqualTo("alice@example.com");
    assertThat(updated.path("metadata").path("env").asText()).isEqualTo("prod");
    assertThat(updated.toString()).doesNotContain("hash").doesNotContain(key);
    node.chat(key, "other", "hi").expectStatus().isOk();

    send(HttpMethod.PATCH, "/admin/keys/" + id, Map.of("limits", Map.of("requests_per_minute", 1)))
        .expectStatus()
        .isOk();
    node.chat(key, "demo", "hi").expectStatus().isOk();
    node.chat(key, "demo", "hi").expectStatus().isEqualTo(429);

    send(HttpMethod.PATCH, "/admin/keys/" + id, "{\"limits\":null,\"owner\":null}")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.owner")
        .isEmpty()
        .jsonPath("$.limits.requests_per_minute")
        .isEmpty();
    node.chat(key, "demo", "hi").expectStatus().isOk();
  }

  @Test
  void badPatchesAreRefusedNamingTheField() {
    String id = ProxyNode.keyId(node.issueKey(admin, "strict", List.of("*")));
    expectBadRequest(Map.of("nmae", "typo"), "nmae: unknown field");
    expectBadRequest(Map.of("limits", Map.of("requests_per_minute", 0)), "limits:");
    expectBadRequest(Map.of("expires_at", "yesterday"), "expires_at:");
    expectBadRequest(Map.of("expires_at", "2001-01-01T00:00:00Z"), "expires_at must be in the");
    expectBadRequest(Map.of("team_id", "nope"), "team_id must look like");
    expectBadRequest(Map.of("team_id", "team_nosuchteam000"), "team_id must look like");
    expectBadRequest(Map.of("team_id", "team_nosuchteam00"), "team_id: no team");
    expectBadRequest(Map.of("budget", Map.of("limit_usd", -1, "period", "daily")), "budget");
    expectBadRequest(Map.of("budget", Map.of("limit_usd", 5, "period", "yearly")), "budget.period");
    expectBadRequest(Map.of("metadata", Map.of("a", Map.of("nested", 1))), "metadata values");
    send(HttpMethod.PATCH, "/admin/keys/" + id, "[1]").expectStatus().isBadRequest();
    send(HttpMethod.PATCH, "/admin/keys/nosuchkey000", Map.of("name", "x"))
        .expectStatus()
        .isNotFound();
  }

  @Test
  void misspeltFieldsOnIssueAreRefusedNamingTheFieldAndIssueNoKey() {
    expectRefusedIssue(
        "{\"name\":\"typo-budget\",\"budjet\":{\"limit_usd\":\"5\",\"period\":\"monthly\"}}",
        "budjet",
        "budjet: unknown field"
            + " (known: budget, expires_at, limits, metadata, models, name, owner, team_id)");
    expectRefusedIssue(
        "{\"name\":\"typo-limit\",\"limits\":{\"rmp\":10}}",
        "limits.rmp",
        "limits.rmp: unknown field (known: requests_per_minute, tokens_per_minute)");
    send(HttpMethod.GET, "/admin/keys", "")
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(keys -> assertThat(keys).doesNotContain("typo-budget", "typo-limit"));
    expectBadRequest(
        Map.of("limits", Map.of("rmp", 10)),
        "limits.rmp: unknown field (known: requests_per_minute, tokens_per_minute)");
  }

  private static void expectRefusedIssue(String body, String field, String message) {
    send(HttpMethod.POST, "/admin/keys", body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.param")
        .isEqualTo(field)
        .jsonPath("$.error.message")
        .isEqualTo(message);
  }

  private void expectBadRequest(Map<String, Object> patch, String messagePart) {
    String id =
        ProxyNode.keyId(node.issueKey(admin, "bad-" + messagePart.hashCode(), List.of("*")));
    send(HttpMethod.PATCH, "/admin/keys/" + id, patch)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error")
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains(messagePart));
  }

  @Test
  void aRotatedKeyKeepsItsIdAndTheOldSecretWorksOnlyDuringTheGracePeriod() {
    String original = node.issueKey(admin, "rotating", List.of("*"));
    String id = ProxyNode.keyId(original);

    JsonNode rotated = rotate(id, Map.of("grace_period_seconds", 3600));
    String second = rotated.path("key").asText();
    assertThat(rotated.path("id").asText()).isEqualTo(id);
    assertThat(ProxyNode.keyId(second)).isEqualTo(id);
    assertThat(second).isNotEqualTo(original);
    assertThat(rotated.path("previous_valid_until").asText()).isNotEmpty();
    node.chat(original, "demo", "hi").expectStatus().isOk();
    node.chat(second, "demo", "hi").expectStatus().isOk();

    String third = rotate(id, Map.of("grace_period_seconds", 0)).path("key").asText();
    node.chat(third, "demo", "hi").expectStatus().isOk();
    for (String retired : List.of(original, second)) {
      node.chat(retired, "demo", "hi")
          .expectStatus()
          .isUnauthorized()
          .expectBody()
          .jsonPath("$.error.message")
          .value(message -> assertThat((String) message).contains("rotated"));
    }

    send(HttpMethod.POST, "/admin/keys/" + id + "/rotate", Map.of("grace_period_seconds", -1))
        .expectStatus()
        .isBadRequest();
    node.revoke(admin, id);
    send(HttpMethod.POST, "/admin/keys/" + id + "/rotate", Map.of()).expectStatus().isEqualTo(409);
  }

  @Test
  void aTeamGivesItsKeysDefaultLimitsAndCapsThemTogether() {
    JsonNode team =
        send(
                HttpMethod.POST,
                "/admin/teams",
                Map.of(
                    "name", "research",
                    "limits", Map.of("requests_per_minute", 3),
                    "key_limits", Map.of("requests_per_minute", 2),
                    "budget", Map.of("limit_usd", "250.00", "period", "monthly")))
            .expectStatus()
            .isCreated()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    String teamId = team.path("id").asText();
    assertThat(teamId).matches("team_[a-z0-9]{12}");
    assertThat(team.path("budget").path("period").asText()).isEqualTo("monthly");
    assertThat(team.path("budget").path("limit_usd").decimalValue()).isEqualByComparingTo("250");

    String first =
        node.issueKey(admin, Map.of("name", "r1", "models", List.of("*"), "team_id", teamId));
    String second =
        node.issueKey(admin, Map.of("name", "r2", "models", List.of("*"), "team_id", teamId));
    node.chat(first, "demo", "hi")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("x-ratelimit-limit-requests", "2");
    node.chat(first, "demo", "hi").expectStatus().isOk();
    node.chat(first, "demo", "hi")
        .expectStatus()
        .isEqualTo(429)
        .expectBody()
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains("on this key"));
    node.chat(second, "demo", "hi").expectStatus().isOk();
    node.chat(second, "demo", "hi")
        .expectStatus()
        .isEqualTo(429)
        .expectBody()
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains("on this team"));

    send(HttpMethod.PATCH, "/admin/teams/" + teamId, "{\"limits\":null,\"name\":\"research-2\"}")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("research-2")
        .jsonPath("$.key_limits.requests_per_minute")
        .isEqualTo(2);
    send(HttpMethod.POST, "/admin/teams", Map.of("name", " ")).expectStatus().isBadRequest();
    send(HttpMethod.PATCH, "/admin/teams/team_nosuchteam0", Map.of("name", "x"))
        .expectStatus()
        .isNotFound();

    List<String> teamsOnLedger =
        node.ledger(ProxyNode.keyId(first)).stream().map(e -> e.teamId()).distinct().toList();
    assertThat(teamsOnLedger).containsExactly(teamId);
  }

  @Test
  void everyAdminCommandOverHttpLeavesWhoDidItInTheAuditTrail() {
    String id = ProxyNode.keyId(node.issueKey(admin, "audited", List.of("*")));
    node.http()
        .post()
        .uri("/admin/keys/{id}/suspend", id)
        .header("Authorization", "Bearer " + admin)
        .exchange()
        .expectStatus()
        .isNoContent();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode trail =
                  node.http()
                      .get()
                      .uri("/api/audit/admin-events?subject_id={id}", id)
                      .header("Authorization", "Bearer " + admin)
                      .exchange()
                      .expectStatus()
                      .isOk()
                      .expectBody(JsonNode.class)
                      .returnResult()
                      .getResponseBody();
              assertThat(trail.path("data")).hasSize(2);
              assertThat(trail.path("data").get(0).path("action").asText())
                  .isEqualTo("ApiKeySuspended");
              assertThat(trail.path("data").get(1).path("action").asText())
                  .isEqualTo("ApiKeyIssued");
              for (JsonNode event : trail.path("data")) {
                assertThat(event.path("actor").asText()).isEqualTo("admin");
                assertThat(event.path("actor_role").asText()).isEqualTo("admin");
              }
            });
  }

  private static JsonNode rotate(String id, Map<String, Object> body) {
    return send(HttpMethod.POST, "/admin/keys/" + id + "/rotate", body)
        .expectStatus()
        .isOk()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  private static WebTestClient.ResponseSpec send(HttpMethod method, String uri, Object body) {
    return node.http()
        .method(method)
        .uri(uri)
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}
