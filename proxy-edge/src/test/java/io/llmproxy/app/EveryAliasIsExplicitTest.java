package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.keys.KeyHasher;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.PreviousReleaseKeys;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;

/**
 * A key's {@code models}: {@code ["*"]} reaches every alias, {@code []} none. A store an earlier
 * release filled (when {@code []} meant every alias) keeps its meaning: its key events are written
 * into a real SQLite file as that release stored them and the application restarts on it; the
 * registry (loaded by the follower from the store), the aggregates and the key list are checked
 * through real HTTP. Keys issued and changed before that restart show that events of the current
 * revision read back as they were written.
 *
 * <p>One node at a time: two SQLite nodes writing at once can fail a command on the store's write
 * lock, which is no part of what is tested here.
 */
@EndToEnd
class EveryAliasIsExplicitTest {

  // today's answer to a key calling an alias it is not allowed
  private static final int NOT_ALLOWED = 404;
  private static final Duration WITHIN = Duration.ofSeconds(5);
  private static final String LIMIT_HEADER = "x-ratelimit-limit-requests";

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static AdminApi api;
  private static String issuedForNone;
  private static String issuedForEvery;
  private static String closed;
  private static String oldEvery;
  private static String oldOpened;
  private static String oldRestricted;

  @BeforeAll
  static void start() throws Exception {
    PreviousReleaseKeys previous;
    try (ProxyNode first = ProxyNode.start(dataDir, Map.of())) {
      String token = first.login();
      first.route(token, "demo", "mock", "mock-1");
      first.route(token, "other", "mock", "mock-2");
      issuedForNone = first.issueKey(token, "issued-for-none", List.of());
      issuedForEvery = first.issueKey(token, "issued-for-every", List.of("*"));
      closed = first.issueKey(token, "closed", List.of("demo"));
      first.chat(closed, "demo", "still open").expectStatus().isOk();
      JsonNode emptied =
          new AdminApi(first, token)
              .send(
                  HttpMethod.PATCH,
                  "/admin/keys/" + ProxyNode.keyId(closed),
                  Map.of("models", List.of()),
                  200);
      assertThat(emptied.path("models").isArray()).isTrue();
      assertThat(emptied.path("models")).isEmpty();

      expectNotAllowed(first, closed, "demo");
      expectNotAllowed(first, issuedForNone, "demo");
      first.chat(issuedForEvery, "other", "before the restart").expectStatus().isOk();
      previous = new PreviousReleaseKeys(dataDir, first.bean(KeyHasher.class)::hash);
    }
    oldEvery = previous.issue("old-every", List.of());
    oldOpened = previous.issue("old-opened", List.of("demo"));
    previous.update(oldOpened, 1, "old-opened", List.of());
    oldRestricted = previous.issue("old-restricted", List.of("demo"));

    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    api = new AdminApi(node, admin);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void anOldKeyIssuedWithoutModelsStillReachesEveryAlias() {
    node.chat(oldEvery, "demo", "hello").expectStatus().isOk();
    node.chat(oldEvery, "other", "hello").expectStatus().isOk();
    assertThat(modelIds(oldEvery)).containsExactlyInAnyOrder("demo", "other");
  }

  @Test
  void anOldUpdateThatEmptiedTheModelsOpenedTheKeyToEveryAlias() {
    node.chat(oldOpened, "other", "hello").expectStatus().isOk();
  }

  @Test
  void anOldKeyNamingAliasesStillReachesOnlyThem() {
    node.chat(oldRestricted, "demo", "hello").expectStatus().isOk();
    expectNotAllowed(node, oldRestricted, "other");
  }

  @Test
  void keysIssuedOrEmptiedNowKeepTheirMeaningAfterARestart() {
    expectNotAllowed(node, issuedForNone, "demo");
    expectNotAllowed(node, issuedForNone, "other");
    expectNotAllowed(node, closed, "demo");
    node.chat(issuedForEvery, "demo", "hello").expectStatus().isOk();
    node.chat(issuedForEvery, "other", "hello").expectStatus().isOk();
    assertThat(modelIds(issuedForNone)).isEmpty();
    assertThat(modelIds(closed)).isEmpty();
    assertThat(modelIds(issuedForEvery)).containsExactlyInAnyOrder("demo", "other");
  }

  @Test
  void theKeyListShowsEveryAliasAsAStarAndNoneAsEmpty() {
    awaitListed(oldEvery, List.of("*"));
    awaitListed(oldOpened, List.of("*"));
    awaitListed(oldRestricted, List.of("demo"));
    awaitListed(issuedForEvery, List.of("*"));
    awaitListed(issuedForNone, List.of());
    awaitListed(closed, List.of());
  }

  /**
   * The command side rebuilds the key from its old events; had it read "none" there, the update it
   * records would close the key. The new limit's header shows the edge has applied that update.
   */
  @Test
  void changingAnOldKeyLoadsItWithEveryAlias() {
    JsonNode changed =
        api.send(
            HttpMethod.PATCH,
            "/admin/keys/" + ProxyNode.keyId(oldEvery),
            Map.of("limits", Map.of("requests_per_minute", 1000)),
            200);
    assertThat(strings(changed.path("models"))).containsExactly("*");
    node.chat(oldEvery, "other", "after the change")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(LIMIT_HEADER, "1000");
  }

  @Test
  void issuingNeedsModelsAndAStarStandsAlone() {
    expectRefused(
        HttpMethod.POST,
        "/admin/keys",
        Map.of("name", "forgot-models"),
        "models is required: list the aliases the key may call, or send [\"*\"] for every alias");
    expectRefused(
        HttpMethod.POST,
        "/admin/keys",
        Map.of("name", "mixed", "models", List.of("*", "demo")),
        "models: \"*\" already allows every alias; send [\"*\"] alone or list the aliases"
            + " without it");
    expectRefused(
        HttpMethod.PATCH,
        "/admin/keys/" + ProxyNode.keyId(oldRestricted),
        Map.of("models", List.of("demo", "*")),
        "models: \"*\" already allows every alias; send [\"*\"] alone or list the aliases"
            + " without it");
    expectRefused(
        HttpMethod.PATCH,
        "/admin/keys/" + ProxyNode.keyId(oldRestricted),
        "{\"models\":null}",
        "name, models and metadata cannot be null (models: send [\"*\"] for every alias or []"
            + " for none; metadata: send {} to empty it)");
    assertThat(api.get("/admin/keys?limit=200").toString()).doesNotContain("forgot-models");
    node.chat(oldRestricted, "demo", "unchanged").expectStatus().isOk();
  }

  private static void expectRefused(HttpMethod method, String uri, Object body, String message) {
    JsonNode error = api.send(method, uri, body, 400).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText()).isEqualTo(message);
  }

  private static void expectNotAllowed(ProxyNode on, String key, String alias) {
    on.chat(key, alias, "refused")
        .expectStatus()
        .isEqualTo(NOT_ALLOWED)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("model_not_found");
  }

  /** What {@code GET /v1/models} lists for the key. */
  private static List<String> modelIds(String key) {
    JsonNode models =
        node.http()
            .get()
            .uri("/v1/models")
            .header("Authorization", "Bearer " + key)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    return StreamSupport.stream(models.path("data").spliterator(), false)
        .map(model -> model.path("id").asText())
        .toList();
  }

  /** Waits for the key list to show the key with exactly {@code models}. */
  private static void awaitListed(String key, List<String> models) {
    String uri = "/api/keys/" + ProxyNode.keyId(key);
    await()
        .atMost(WITHIN)
        .until(
            () -> {
              var answer = api.call(HttpMethod.GET, uri, null).expectBody(JsonNode.class);
              JsonNode entry = answer.returnResult().getResponseBody();
              return answer.returnResult().getStatus().value() == 200
                  && entry.path("models").isArray()
                  && strings(entry.path("models")).equals(models);
            });
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
