package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.keys.KeyHasher;
import io.llmproxy.kernel.keys.RevokeApiKey;
import io.llmproxy.kernel.keys.RotateApiKey;
import io.llmproxy.kernel.keys.VirtualKey;
import io.llmproxy.kernel.teams.CreateTeam;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;

/**
 * The admin activity trail. Commands go straight through Axon with the actor in their metadata, as
 * the admin API sends them once it knows its callers; a proxied request's usage event has none.
 */
@EndToEnd
class AdminAuditTrailTest {

  private static final Duration PROJECTION = Duration.ofSeconds(20);
  private static final String TRAIL = "/api/audit/admin-events";

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static AdminApi api;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    api = new AdminApi(node, admin);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theTrailListsWhoDidWhatNewestFirstWithoutSecrets() {
    KeyHasher hasher = node.bean(KeyHasher.class);
    VirtualKey key = VirtualKey.generate();
    VirtualKey rotated = VirtualKey.rotate(key.keyId());
    String teamId = "team_" + VirtualKey.generate().keyId();
    String issuedHash = hasher.hash(key.plaintext());
    String rotatedHash = hasher.hash(rotated.plaintext());

    send("alice", "admin", new CreateTeam(teamId, new TeamAttributes("audited", null, null, null)));
    send(
        "alice",
        "admin",
        new IssueApiKey(
            key.keyId(),
            issuedHash,
            key.displayPrefix(),
            new KeyAttributes(
                "audited-key",
                List.of("*"),
                null,
                null,
                "ops",
                teamId,
                null,
                Map.of("env", "test"))));
    send(
        "bob",
        "operator",
        new RotateApiKey(key.keyId(), rotatedHash, rotated.displayPrefix(), Duration.ofMinutes(5)));
    node.route(admin, "demo", "mock", "mock-1");
    node.chat(rotated.plaintext(), "demo", "hi").expectStatus().isOk();
    assertThat(node.ledger(key.keyId())).hasSize(1);
    send("alice", "admin", new RevokeApiKey(key.keyId(), "leaving"));

    JsonNode keyTrail =
        await()
            .atMost(PROJECTION)
            .until(
                () -> api.get(TRAIL + "?subject_id=" + key.keyId()), t -> entries(t).size() == 3);
    List<JsonNode> lines = entries(keyTrail);
    assertThat(lines)
        .extracting(line -> line.path("action").asText())
        .containsExactly("ApiKeyRevoked", "ApiKeyRotated", "ApiKeyIssued");
    assertThat(lines)
        .extracting(line -> line.path("actor").asText())
        .containsExactly("alice", "bob", "alice");
    assertThat(lines)
        .extracting(line -> line.path("actor_role").asText())
        .containsExactly("admin", "operator", "admin");
    assertThat(lines)
        .allSatisfy(line -> assertThat(line.path("subject_type").asText()).isEqualTo("ApiKey"));
    assertThat(lines)
        .extracting(line -> line.path("position").asLong())
        .isSortedAccordingTo((a, b) -> Long.compare(b, a))
        .doesNotHaveDuplicates();

    JsonNode rotation = lines.get(1).path("summary");
    assertThat(rotation.path("key_id").asText()).isEqualTo(key.keyId());
    assertThat(rotation.path("display_prefix").asText()).isEqualTo(rotated.displayPrefix());
    assertThat(rotation.has("previous_valid_until")).isTrue();
    assertThat(rotation.has("secret_hash")).isFalse();
    assertThat(rotation.has("previous_secret_hash")).isFalse();
    JsonNode issue = lines.get(2).path("summary");
    assertThat(issue.path("name").asText()).isEqualTo("audited-key");
    assertThat(issue.path("team_id").asText()).isEqualTo(teamId);
    assertThat(issue.path("metadata").path("env").asText()).isEqualTo("test");
    assertThat(issue.has("secret_hash")).isFalse();
    assertThat(lines.get(0).path("summary").path("reason").asText()).isEqualTo("leaving");
    assertThat(keyTrail.toString()).doesNotContain(issuedHash).doesNotContain(rotatedHash);

    JsonNode team = single(api.get(TRAIL + "?subject_id=" + teamId));
    assertThat(team.path("action").asText()).isEqualTo("TeamCreated");
    assertThat(team.path("subject_type").asText()).isEqualTo("Team");
    assertThat(team.path("summary").path("attributes").path("name").asText()).isEqualTo("audited");

    // the revocation came after the proxied request, so the trail has passed its usage event
    List<JsonNode> everything = walk(TRAIL + "?limit=200");
    assertThat(everything)
        .extracting(line -> line.path("action").asText())
        .doesNotContain("UsageRecorded")
        .contains("TeamCreated", "ApiKeyIssued", "ApiKeyRotated", "ApiKeyRevoked");

    assertFilters(lines, team);
    assertCursorPaging(lines, team);
    assertRebuiltByReset();
  }

  private static void assertFilters(List<JsonNode> keyLines, JsonNode team) {
    assertThat(entries(api.get(TRAIL + "?actor=bob")))
        .extracting(line -> line.path("event_id").asText())
        .containsExactly(keyLines.get(1).path("event_id").asText());
    assertThat(entries(api.get(TRAIL + "?actor=alice&action=ApiKeyIssued")))
        .extracting(line -> line.path("event_id").asText())
        .containsExactly(keyLines.get(2).path("event_id").asText());
    String rotatedAt = encode(keyLines.get(1).path("occurred_at").asText());
    assertThat(actions(api.get(TRAIL + "?actor=alice&since=" + rotatedAt)))
        .containsExactly("ApiKeyRevoked");
    assertThat(actions(api.get(TRAIL + "?actor=bob&since=" + rotatedAt)))
        .containsExactly("ApiKeyRotated");
    assertThat(actions(api.get(TRAIL + "?actor=bob&until=" + rotatedAt))).isEmpty();
    assertThat(
            actions(
                api.get(
                    TRAIL
                        + "?subject_id="
                        + keyLines.get(0).path("subject_id").asText()
                        + "&until="
                        + rotatedAt)))
        .containsExactly("ApiKeyIssued");
    assertThat(entries(api.get(TRAIL + "?action=TeamCreated&actor=alice")))
        .extracting(line -> line.path("event_id").asText())
        .containsExactly(team.path("event_id").asText());
  }

  /** alice caused three events; one per page, newest first, then the end. */
  private static void assertCursorPaging(List<JsonNode> keyLines, JsonNode team) {
    JsonNode first = api.get(TRAIL + "?actor=alice&limit=1");
    assertThat(first.path("has_more").asBoolean()).isTrue();
    JsonNode second =
        api.get(TRAIL + "?actor=alice&limit=1&before=" + first.path("next_cursor").asText());
    JsonNode third =
        api.get(TRAIL + "?actor=alice&limit=1&before=" + second.path("next_cursor").asText());
    assertThat(third.path("has_more").asBoolean()).isFalse();
    assertThat(third.path("next_cursor").isNull()).isTrue();
    assertThat(List.of(single(first), single(second), single(third)))
        .extracting(line -> line.path("event_id").asText())
        .containsExactly(
            keyLines.get(0).path("event_id").asText(),
            keyLines.get(2).path("event_id").asText(),
            team.path("event_id").asText());
    assertThat(walk(TRAIL + "?limit=2")).isEqualTo(walk(TRAIL + "?limit=200"));
  }

  private static void assertRebuiltByReset() {
    List<JsonNode> before = walk(TRAIL + "?limit=200");
    StreamingEventProcessor trail =
        node.bean(EventProcessingConfiguration.class)
            .eventProcessor("admin-audit", StreamingEventProcessor.class)
            .orElseThrow();
    trail.shutDown();
    trail.resetTokens();
    trail.start();
    await()
        .atMost(PROJECTION)
        .untilAsserted(() -> assertThat(walk(TRAIL + "?limit=200")).isEqualTo(before));
  }

  @ParameterizedTest(name = "{0} -> 400 naming {1}")
  @CsvSource({
    "limit=201, limit",
    "limit=0, limit",
    "before=not-a-cursor, before",
    "since=yesterday, since",
    "until=2026-13-01T00:00:00Z, until",
    "since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z, since",
    "since=2026-01-01T00:00:00Z&until=2026-01-01T00:00:00Z, since",
    "action=Api-Key-Revoked, action",
    "subject_id=a%20b, subject_id",
  })
  void badInputIsA400NamingTheParameter(String query, String parameter) {
    api.call(HttpMethod.GET, TRAIL + "?" + query, null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error")
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).startsWith(parameter));
  }

  private static void send(String actor, String role, Object command) {
    node.bean(CommandGateway.class)
        .sendAndWait(
            GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of("actor", actor, "actor_role", role)));
  }

  /** Every line of a listing, following the cursor to its end. */
  private static List<JsonNode> walk(String uri) {
    List<JsonNode> lines = new ArrayList<>();
    JsonNode page = api.get(uri);
    lines.addAll(entries(page));
    while (page.path("has_more").asBoolean()) {
      page = api.get(uri + "&before=" + page.path("next_cursor").asText());
      lines.addAll(entries(page));
    }
    return lines;
  }

  private static List<JsonNode> entries(JsonNode page) {
    return StreamSupport.stream(page.path("data").spliterator(), false).toList();
  }

  private static List<String> actions(JsonNode page) {
    return entries(page).stream().map(line -> line.path("action").asText()).toList();
  }

  private static JsonNode single(JsonNode page) {
    assertThat(entries(page)).hasSize(1);
    return entries(page).get(0);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
