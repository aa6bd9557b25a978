package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyRotated;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;

/** The key and team read models over HTTP, after the admin API changed keys and teams. */
@EndToEnd
class KeyQueriesTest {

  private static final Duration PROJECTION = Duration.ofSeconds(20);

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static AdminApi api;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    api = new AdminApi(node, node.login());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void listAndDetailShowEachKeyAsTheAdminLeftIt() {
    String platform =
        createTeam(
            Map.of(
                "name", "platform",
                "key_limits", Map.of("requests_per_minute", 60),
                "budget",
                    Map.of("limit_usd", "250.50", "period", "monthly", "alert_at_percent", 80)));
    String research = createTeam(Map.of("name", "research"));
    Instant expiresAt = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String checkout =
        issue(
            Map.of(
                "name", "checkout",
                "models", List.of("demo"),
                "owner", "Dana Ops",
                "team_id", platform,
                "expires_at", expiresAt.toString(),
                "limits", Map.of("requests_per_minute", 100),
                "budget", Map.of("limit_usd", "12.5", "period", "daily"),
                "metadata", Map.of("env", "prod")));
    String batch = issue(Map.of("name", "batch-jobs", "models", List.of("*"), "team_id", platform));
    String legacy = issue(Map.of("name", "legacy", "models", List.of()));

    api.send(
        HttpMethod.PATCH,
        "/admin/keys/" + checkout,
        Map.of("name", "checkout-v2", "metadata", Map.of("env", "prod", "tier", "gold")),
        200);
    JsonNode rotation =
        api.send(
            HttpMethod.POST,
            "/admin/keys/" + checkout + "/rotate",
            Map.of("grace_period_seconds", 3600),
            200);
    api.send(HttpMethod.POST, "/admin/keys/" + batch + "/suspend", null, 204);
    api.send(HttpMethod.POST, "/admin/keys/" + legacy + "/revoke", null, 204);
    api.send(HttpMethod.PATCH, "/admin/teams/" + platform, Map.of("name", "platform-eng"), 200);

    JsonNode key =
        awaitJson(
            "/api/keys/" + checkout,
            k ->
                k.path("team_name").asText().equals("platform-eng")
                    && !k.path("last_rotated_at").isNull());
    assertThat(key.path("id").asText()).isEqualTo(checkout);
    assertThat(key.path("name").asText()).isEqualTo("checkout-v2");
    assertThat(key.path("status").asText()).isEqualTo("active");
    assertThat(key.path("display_prefix").asText())
        .isEqualTo(rotation.path("display_prefix").asText());
    assertThat(micros(key.path("previous_valid_until")))
        .isEqualTo(micros(rotation.path("previous_valid_until")));
    assertThat(key.path("models")).containsExactly(text("demo"));
    assertThat(Instant.parse(key.path("expires_at").asText())).isEqualTo(expiresAt);
    assertThat(key.path("limits").path("requests_per_minute").asLong()).isEqualTo(100);
    assertThat(key.path("limits").path("tokens_per_minute").isNull()).isTrue();
    assertThat(key.path("owner").asText()).isEqualTo("Dana Ops");
    assertThat(key.path("team_id").asText()).isEqualTo(platform);
    assertThat(key.path("budget").path("limit_usd").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(key.path("budget").path("period").asText()).isEqualTo("daily");
    assertThat(key.path("budget").path("alert_at_percent").isNull()).isTrue();
    assertThat(key.path("metadata").properties()).hasSize(2);
    assertThat(key.path("metadata").path("tier").asText()).isEqualTo("gold");
    assertThat(micros(key.path("updated_at"))).isEqualTo(micros(key.path("last_rotated_at")));
    assertThat(micros(key.path("created_at"))).isBefore(micros(key.path("updated_at")));
    assertThat(key.path("revoked_at").isNull()).isTrue();

    JsonNode suspended =
        awaitJson("/api/keys/" + batch, k -> k.path("status").asText().equals("suspended"));
    assertThat(suspended.path("revoked_at").isNull()).isTrue();
    assertThat(suspended.path("models")).containsExactly(text("*"));
    JsonNode revoked =
        awaitJson("/api/keys/" + legacy, k -> k.path("status").asText().equals("revoked"));
    assertThat(revoked.path("revoked_at").isNull()).isFalse();
    assertThat(revoked.path("models").isArray()).isTrue();
    assertThat(revoked.path("models")).isEmpty();
    assertThat(revoked.path("team_id").isNull()).isTrue();
    assertThat(revoked.path("team_name").isNull()).isTrue();

    JsonNode team =
        awaitJson("/api/teams/" + platform, t -> t.path("name").asText().equals("platform-eng"));
    assertThat(team.path("active_keys").asLong()).isEqualTo(1);
    assertThat(team.path("key_limits").path("requests_per_minute").asLong()).isEqualTo(60);
    assertThat(team.path("limits").path("requests_per_minute").isNull()).isTrue();
    assertThat(team.path("budget").path("limit_usd").decimalValue()).isEqualByComparingTo("250.50");
    assertThat(team.path("budget").path("period").asText()).isEqualTo("monthly");
    assertThat(team.path("budget").path("alert_at_percent").asInt()).isEqualTo(80);
    assertThat(api.get("/api/teams/" + research).path("active_keys").asLong()).isZero();
    assertThat(ids(api.get("/api/teams?limit=200"))).contains(platform, research);

    assertThat(ids(api.get("/api/keys?limit=200&team_id=" + platform)))
        .containsExactlyInAnyOrder(checkout, batch);
    assertThat(ids(api.get("/api/keys?limit=200&status=suspended")))
        .contains(batch)
        .doesNotContain(checkout, legacy);
    assertThat(ids(api.get("/api/keys?limit=200&status=revoked")))
        .contains(legacy)
        .doesNotContain(checkout, batch);
    assertThat(ids(api.get("/api/keys?limit=200&status=active&team_id=" + platform)))
        .containsExactly(checkout);
    assertThat(ids(api.get("/api/keys?limit=200&q=dana%20o"))).containsExactly(checkout);
    assertThat(ids(api.get("/api/keys?limit=200&q=CHECKOUT"))).containsExactly(checkout);
    assertThat(ids(api.get("/api/keys?limit=200&q=%25"))).isEmpty();
  }

  @Test
  void aKeyPastItsExpiryIsListedAsExpired() {
    Instant expiresAt = Instant.now().plusSeconds(2);
    String key =
        issue(
            Map.of(
                "name", "short-lived", "models", List.of("*"), "expires_at", expiresAt.toString()));
    awaitJson("/api/keys/" + key, k -> k.path("status").asText().equals("active"));
    assertThat(ids(api.get("/api/keys?limit=200&status=active"))).contains(key);

    awaitJson("/api/keys/" + key, k -> k.path("status").asText().equals("expired"));
    assertThat(ids(api.get("/api/keys?limit=200&status=expired"))).contains(key);
    assertThat(ids(api.get("/api/keys?limit=200&status=active"))).doesNotContain(key);
  }

  @Test
  void pagingReturnsEveryKeyExactlyOnceInAStableOrder() {
    Set<String> issued = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      issued.add(issue(Map.of("name", "paged-" + i, "models", List.of("*"))));
    }
    JsonNode all = awaitJson("/api/keys?limit=200", list -> ids(list).containsAll(issued));
    assertThat(all.path("has_more").asBoolean()).isFalse();
    assertThat(all.path("next_cursor").isNull()).isTrue();

    List<String> paged = new ArrayList<>();
    String cursor = null;
    String addedMeanwhile = null;
    do {
      JsonNode page = api.get("/api/keys?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.path("data").size()).isBetween(1, 3);
      paged.addAll(ids(page));
      cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
      if (addedMeanwhile == null) {
        // newer than every page already read: a later page must not show it, nor shift
        addedMeanwhile = issue(Map.of("name", "added-while-paging", "models", List.of("*")));
        String added = addedMeanwhile;
        awaitJson("/api/keys/" + added, k -> true);
      }
    } while (cursor != null);

    assertThat(paged).doesNotHaveDuplicates().isEqualTo(ids(all)).doesNotContain(addedMeanwhile);
    List<Instant> created =
        StreamSupport.stream(all.path("data").spliterator(), false)
            .map(k -> Instant.parse(k.path("created_at").asText()))
            .toList();
    assertThat(created).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(ids(api.get("/admin/keys?limit=200")))
        .isEqualTo(ids(api.get("/api/keys?limit=200")));
  }

  @ParameterizedTest(name = "{0} -> 400 naming {1}")
  @CsvSource({
    "/api/keys?limit=0, limit",
    "/api/keys?limit=201, limit",
    "/api/keys?limit=ten, limit",
    "/admin/keys?limit=1000, limit",
    "/api/keys?cursor=bm90LWEtY3Vyc29y, cursor",
    "/api/keys?cursor=%25%25, cursor",
    "/api/keys?status=lost, status",
    "/api/keys?team_id=no%20such%20team, team_id",
    "/api/teams?limit=500, limit",
    "/api/teams?cursor=xyz, cursor",
  })
  void badPagingOrFilterInputIsA400NamingTheParameter(String uri, String parameter) {
    api.call(HttpMethod.GET, uri, null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error")
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).startsWith(parameter));
  }

  @Test
  void aSearchLongerThanTheBoundIsA400() {
    api.call(HttpMethod.GET, "/api/keys?q=" + "x".repeat(201), null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("q must be at most 200 characters");
  }

  @Test
  void unknownIdsAre404InTheErrorShape() {
    for (String uri : List.of("/api/keys/nosuchkey000", "/api/teams/team_nosuchteam0")) {
      api.call(HttpMethod.GET, uri, null)
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.error.type")
          .isEqualTo("invalid_request_error")
          .jsonPath("$.error.code")
          .isEqualTo("not_found");
    }
  }

  @Test
  void noHashOfAnyKindAppearsInAnyApiResponse() {
    String team = createTeam(Map.of("name", "plain"));
    String key = issue(Map.of("name", "rotated-twice", "models", List.of("*"), "team_id", team));
    api.send(HttpMethod.POST, "/admin/keys/" + key + "/rotate", null, 200);
    JsonNode second = api.send(HttpMethod.POST, "/admin/keys/" + key + "/rotate", null, 200);
    String prefix = second.path("display_prefix").asText();
    JsonNode list =
        awaitJson(
            "/api/keys?limit=200",
            l ->
                StreamSupport.stream(l.path("data").spliterator(), false)
                    .anyMatch(k -> k.path("display_prefix").asText().equals(prefix)));

    Set<String> hashes = new HashSet<>();
    List<JsonNode> bodies = new ArrayList<>();
    bodies.add(list);
    bodies.add(api.get("/admin/keys?limit=200"));
    bodies.add(api.get("/api/teams?limit=200"));
    bodies.add(api.get("/api/teams/" + team));
    bodies.add(api.get("/api/audit/admin-events?limit=200"));
    for (String id : ids(list)) {
      bodies.add(api.get("/api/keys/" + id));
      hashes.addAll(secretHashes(id));
    }
    assertThat(hashes).hasSizeGreaterThanOrEqualTo(ids(list).size() + 2);
    for (JsonNode body : bodies) {
      assertThat(fieldNames(body))
          .noneMatch(name -> name.contains("hash") || name.contains("secret"));
      hashes.forEach(hash -> assertThat(body.toString()).doesNotContain(hash));
    }
  }

  @Test
  void resetProjectionsRebuildTheSameLists() {
    String team = createTeam(Map.of("name", "rebuilt"));
    String key = issue(Map.of("name", "rebuilt-key", "models", List.of("*"), "team_id", team));
    awaitJson("/api/keys/" + key, k -> k.path("team_name").asText().equals("rebuilt"));
    JsonNode keys = api.get("/api/keys?limit=200");
    JsonNode teams = api.get("/api/teams?limit=200");

    for (String processor : List.of("key-list", "team-list")) {
      StreamingEventProcessor projection =
          node.bean(EventProcessingConfiguration.class)
              .eventProcessor(processor, StreamingEventProcessor.class)
              .orElseThrow();
      projection.shutDown();
      projection.resetTokens();
      projection.start();
    }

    await()
        .atMost(PROJECTION)
        .untilAsserted(
            () -> {
              assertThat(api.get("/api/keys?limit=200")).isEqualTo(keys);
              assertThat(api.get("/api/teams?limit=200")).isEqualTo(teams);
            });
  }

  private static String createTeam(Map<String, Object> body) {
    return api.send(HttpMethod.POST, "/admin/teams", body, 201).path("id").asText();
  }

  private static String issue(Map<String, Object> body) {
    return api.send(HttpMethod.POST, "/admin/keys", body, 201).path("id").asText();
  }

  /** Waits for the projections: a 404 or an unmatched answer is retried. */
  private static JsonNode awaitJson(String uri, Predicate<JsonNode> ready) {
    return await()
        .atMost(PROJECTION)
        .until(
            () -> {
              var result =
                  api.call(HttpMethod.GET, uri, null).expectBody(JsonNode.class).returnResult();
              return result.getStatus().is2xxSuccessful() ? result.getResponseBody() : null;
            },
            body -> body != null && ready.test(body));
  }

  static List<String> ids(JsonNode page) {
    return StreamSupport.stream(page.path("data").spliterator(), false)
        .map(entry -> entry.path("id").asText())
        .toList();
  }

  private static Instant micros(JsonNode instant) {
    return Instant.parse(instant.asText()).truncatedTo(ChronoUnit.MICROS);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties()
        .forEach(
            field -> {
              names.add(field.getKey().toLowerCase(Locale.ROOT));
              names.addAll(fieldNames(field.getValue()));
            });
    if (node.isArray()) {
      node.elements().forEachRemaining(element -> names.addAll(fieldNames(element)));
    }
    return names;
  }

  private static JsonNode text(String value) {
    return TextNode.valueOf(value);
  }

  /** Every secret hash the event store holds for a key: what no response may ever show. */
  private static Set<String> secretHashes(String keyId) {
    Set<String> hashes = new HashSet<>();
    node.bean(EventStore.class)
        .readEvents(keyId)
        .asStream()
        .forEach(
            event -> {
              if (event.getPayload() instanceof ApiKeyIssued issued) {
                hashes.add(issued.secretHash());
              } else if (event.getPayload() instanceof ApiKeyRotated rotated) {
                hashes.add(rotated.secretHash());
                hashes.add(rotated.previousSecretHash());
              }
            });
    return hashes;
  }
}
