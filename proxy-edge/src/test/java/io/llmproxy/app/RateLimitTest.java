package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Per-key rate limits over real HTTP: OpenAI's 429 shape and headers, and nothing billed. */
@EndToEnd
class RateLimitTest {

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    node.route(admin, "demo", "mock", "mock-1");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void requestsOverTheMinuteLimitGet429WithRetryAfterAndAreNotBilled() {
    String key =
        node.issueKey(
            admin,
            Map.of(
                "name",
                "two-a-minute",
                "models",
                List.of("demo"),
                "limits",
                Map.of("requests_per_minute", 2)));
    for (int remaining : new int[] {1, 0}) {
      chat(key)
          .expectStatus()
          .isOk()
          .expectHeader()
          .valueEquals("x-ratelimit-limit-requests", "2")
          .expectHeader()
          .valueEquals("x-ratelimit-remaining-requests", Integer.toString(remaining));
    }
    chat(key)
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .value("Retry-After", value -> assertThat(Integer.parseInt(value)).isBetween(1, 30))
        .expectHeader()
        .valueEquals("x-ratelimit-remaining-requests", "0")
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("requests")
        .jsonPath("$.error.code")
        .isEqualTo("rate_limit_exceeded");
    assertThat(node.ledger(ProxyNode.keyId(key))).hasSize(2);
  }

  @Test
  void aTokenBudgetSpentByOneAnswerHoldsBackTheNext() {
    String key =
        node.issueKey(
            admin,
            Map.of(
                "name",
                "tiny-budget",
                "models",
                List.of("*"),
                "limits",
                Map.of("tokens_per_minute", 5)));
    chat(key).expectStatus().isOk();
    long spent = node.ledger(ProxyNode.keyId(key)).get(0).usage().totalTokens();
    assertThat(spent).isGreaterThan(5);
    chat(key)
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueEquals("x-ratelimit-limit-tokens", "5")
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("tokens");
  }

  @Test
  void limitsMustBePositive() {
    node.http()
        .post()
        .uri("/admin/keys")
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "bad", "limits", Map.of("requests_per_minute", 0)))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .value(message -> assertThat(message.toString()).contains("requests_per_minute"));
  }

  private static WebTestClient.ResponseSpec chat(String key) {
    return node.chat(key, "demo", "hi");
  }
}
