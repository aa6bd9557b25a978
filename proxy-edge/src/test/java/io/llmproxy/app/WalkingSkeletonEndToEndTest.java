package io.llmproxy.app;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole slice over real HTTP: admin login, a route to a real OpenAI-wire upstream, a key, a
 * proxied call, the ledger entry, the usage report; then a second application context on the same
 * database file, and a projection rebuilt from the event store.
 */
@EndToEnd
class WalkingSkeletonEndToEndTest {

  @TempDir Path dataDir;

  private OpenAiUpstreamStub upstream;

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = new OpenAiUpstreamStub();
  }

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void oneRequestFlowsThroughEveryPartAndSurvivesARestart() throws IOException {
    String keptKey;
    String revokedKey;
    JsonNode totalsBeforeRestart;
    try (ProxyNode node = startNode()) {
      String admin = node.login();
      node.route(admin, "gpt", "upstream", "gpt-4o-mini");
      keptKey = node.issueKey(admin, "kept", List.of("gpt"));
      revokedKey = node.issueKey(admin, "revoked", List.of("*"));
      // this node's own key events reach the edge before the admin call returns: no waiting
      assertThat(chatStatus(node, keptKey, "no-such-alias")).isEqualTo(404);
      assertThat(chatStatus(node, revokedKey, "no-such-alias")).isEqualTo(404);

      JsonNode answer =
          chat(node, keptKey, "gpt", "Say hello")
              .expectStatus()
              .isOk()
              .expectBody(JsonNode.class)
              .returnResult()
              .getResponseBody();
      assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
      assertThat(answer.path("choices").get(0).path("message").path("content").asText())
          .isEqualTo("Hello from upstream");
      assertThat(answer.path("usage").path("total_tokens").asLong())
          .isEqualTo(OpenAiUpstreamStub.PROMPT_TOKENS + OpenAiUpstreamStub.COMPLETION_TOKENS);

      OpenAiUpstreamStub.Received call = upstream.received().get(0);
      assertThat(call.body().path("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(call.body().path("custom_field").asInt()).isEqualTo(42);
      assertThat(call.authorization()).isEqualTo("Bearer upstream-secret");

      // the ledger entry is durable by the time the answer arrived: no waiting here
      List<UsageRecorded> ledger = node.ledger(keyId(keptKey));
      assertThat(ledger).hasSize(1);
      UsageRecorded entry = ledger.get(0);
      assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
      assertThat(entry.alias()).isEqualTo("gpt");
      assertThat(entry.provider()).isEqualTo("upstream");
      assertThat(entry.upstreamModel()).isEqualTo("gpt-4o-mini");
      assertThat(entry.usage().promptTokens()).isEqualTo(OpenAiUpstreamStub.PROMPT_TOKENS);
      assertThat(entry.usage().completionTokens()).isEqualTo(OpenAiUpstreamStub.COMPLETION_TOKENS);
      assertThat(entry.estimated()).isFalse();

      chat(node, keptKey, "gpt", "fail-500 please")
          .expectStatus()
          .isEqualTo(HttpStatus.BAD_GATEWAY)
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("upstream_error");
      assertThat(node.ledger(keyId(keptKey)))
          .extracting(UsageRecorded::outcome)
          .containsExactly(UsageOutcome.SUCCESS, UsageOutcome.UPSTREAM_ERROR);

      chat(node, keptKey, "gpt", "no-usage here").expectStatus().isOk();
      UsageRecorded estimated = node.ledger(keyId(keptKey)).get(2);
      assertThat(estimated.estimated()).isTrue();
      assertThat(estimated.usage().promptTokens()).isPositive();
      assertThat(estimated.usage().completionTokens()).isPositive();

      node.revoke(admin, keyId(revokedKey));
      assertThat(chatStatus(node, revokedKey, "no-such-alias")).isEqualTo(401);

      totalsBeforeRestart = awaitSummary(node, admin, 3);
      assertThat(totalsBeforeRestart.path("totals").path("prompt_tokens").asLong())
          .isEqualTo(OpenAiUpstreamStub.PROMPT_TOKENS + estimated.usage().promptTokens());
      assertThat(databaseFilesContain(keptKey)).isFalse();
      assertThat(databaseFilesContain(keyId(keptKey))).isTrue();
    }

    try (ProxyNode node = startNode()) {
      String admin = node.login();
      assertThat(summary(node, admin)).isEqualTo(totalsBeforeRestart);
      assertThat(chatStatus(node, revokedKey, "gpt")).isEqualTo(401);
      // key and route came back from the event store: the same call works again
      chat(node, keptKey, "gpt", "Again").expectStatus().isOk();
      JsonNode totalsAfterCall = awaitSummary(node, admin, 4);

      StreamingEventProcessor rollups =
          node.bean(EventProcessingConfiguration.class)
              .eventProcessor("usage-rollups", StreamingEventProcessor.class)
              .orElseThrow();
      rollups.shutDown();
      rollups.resetTokens();
      rollups.start();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(summary(node, admin)).isEqualTo(totalsAfterCall));
    }
  }

  @Test
  void theBuiltInMockProviderAnswersWithRealisticUsage() {
    try (ProxyNode node = startNode()) {
      String admin = node.login();
      node.route(admin, "demo", "mock", "mock-small");
      String key = node.issueKey(admin, "mock", List.of("*"));
      awaitKeyAccepted(node, key);
      JsonNode answer =
          chat(node, key, "demo", "Tell me about ledgers")
              .expectStatus()
              .isOk()
              .expectBody(JsonNode.class)
              .returnResult()
              .getResponseBody();
      assertThat(answer.path("model").asText()).isEqualTo("mock-small");
      assertThat(answer.path("choices").get(0).path("message").path("content").asText())
          .contains("Tell me about ledgers");
      JsonNode usage = answer.path("usage");
      assertThat(usage.path("prompt_tokens").asLong()).isBetween(8L, 30L);
      assertThat(usage.path("completion_tokens").asLong()).isPositive();
      assertThat(usage.path("total_tokens").asLong())
          .isEqualTo(
              usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
      assertThat(node.ledger(keyId(key)))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.usage().totalTokens())
                      .isEqualTo(usage.path("total_tokens").asLong()));
    }
  }

  private ProxyNode startNode() {
    return ProxyNode.start(
        dataDir,
        Map.of(
            "llmproxy.providers.upstream.kind", "openai-compatible",
            "llmproxy.providers.upstream.base-url", upstream.baseUrl(),
            "llmproxy.providers.upstream.api-key", "upstream-secret"));
  }

  /** Keys reach the edge through the event stream; a model it may not use proves it is known. */
  static void awaitKeyAccepted(ProxyNode node, String key) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> chatStatus(node, key, "no-such-alias") == 404);
  }

  static WebTestClient.ResponseSpec chat(ProxyNode node, String key, String model, String text) {
    return node.chat(
        key,
        Map.of(
            "model",
            model,
            "messages",
            List.of(Map.of("role", "user", "content", text)),
            "custom_field",
            42));
  }

  static int chatStatus(ProxyNode node, String key, String model) {
    return chat(node, key, model, "ping").expectBody().returnResult().getStatus().value();
  }

  static JsonNode summary(ProxyNode node, String admin) {
    return node.http()
        .get()
        .uri("/api/usage/summary?groupBy=key,alias")
        .header("Authorization", "Bearer " + admin)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  static JsonNode awaitSummary(ProxyNode node, String admin, long requests) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> summary(node, admin),
            s -> s.path("totals").path("requests").asLong() == requests);
  }

  private boolean databaseFilesContain(String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.list(dataDir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("llm-proxy.db")).toList()) {
        if (indexOf(Files.readAllBytes(file), needle) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
