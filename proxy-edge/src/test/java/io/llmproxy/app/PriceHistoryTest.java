package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Prices are event-sourced with effective-from times: the bundled table is imported once, admin
 * changes apply from now on, and every recorded cost can be recomputed exactly from the history.
 */
@EndToEnd
class PriceHistoryTest {

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub upstream;
  private static ProxyNode node;
  private static String admin;
  private static String key;

  @BeforeAll
  static void start() throws IOException {
    upstream = new OpenAiUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.paid.kind",
                "openai-compatible",
                "llmproxy.providers.paid.base-url",
                upstream.baseUrl()));
    admin = node.login();
    node.route(admin, "priced", "paid", "gpt-4o-mini-2024-07-18");
    key = node.issueKey(admin, "prices", List.of("*"));
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @Test
  void everyRecordedCostIsRecomputedExactlyFromThePriceHistory() {
    node.chat(key, "priced", "before").expectStatus().isOk();
    JsonNode changed =
        put(
                "gpt-4o-mini",
                Map.of(
                    "input_per_million", "1.25",
                    "output_per_million", "2.5",
                    "cached_input_per_million", "0.125"))
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    assertThat(changed.path("version").asText()).isEqualTo("gpt-4o-mini#2");
    node.chat(key, "priced", "after").expectStatus().isOk();
    put(
            "gpt-4o-mini",
            Map.of(
                "input_per_million", "9",
                "output_per_million", "9",
                "effective_from", Instant.now().plus(Duration.ofHours(1)).toString()))
        .expectStatus()
        .isOk();
    node.chat(key, "priced", "still the second price").expectStatus().isOk();

    List<UsageRecorded> ledger = node.ledger(ProxyNode.keyId(key));
    assertThat(ledger)
        .extracting(UsageRecorded::priceVersion)
        .containsExactly("gpt-4o-mini#1", "gpt-4o-mini#2", "gpt-4o-mini#2");
    // 17 prompt tokens at $1.25 and 5 completion tokens at $2.50 per million
    assertThat(ledger.get(1).cost()).isEqualByComparingTo("0.00003375");

    List<JsonNode> history = awaitHistory("gpt-4o-mini", 3);
    for (UsageRecorded entry : ledger) {
      JsonNode inForce = null;
      for (JsonNode price : history) {
        if (!Instant.parse(price.path("effective_from").asText()).isAfter(entry.occurredAt())) {
          inForce = price;
        }
      }
      assertThat(inForce.path("version").asText()).isEqualTo(entry.priceVersion());
      assertThat(price(inForce).costOf(entry.usage())).isEqualByComparingTo(entry.cost());
    }
  }

  @Test
  void pricesCannotBeChangedRetroactivelyOrWithBadNumbers() {
    put(
            "gpt-4o",
            Map.of(
                "input_per_million", "1",
                "output_per_million", "1",
                "effective_from", "2020-01-01T00:00:00Z"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("effective_from cannot be in the past"));
    put("gpt-4o", Map.of("output_per_million", "1")).expectStatus().isBadRequest();
    put("gpt-4o", Map.of("input_per_million", "-1", "output_per_million", "1"))
        .expectStatus()
        .isBadRequest();
    put("gpt-4o", Map.of("input_per_million", "0.0000000001", "output_per_million", "1"))
        .expectStatus()
        .isBadRequest();
    put("gpt-4o", Map.of("input_per_million", "one", "output_per_million", "1"))
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void theBundledTableIsImportedOnceAndListedWithItsScheduledChanges() {
    awaitHistory("claude-sonnet-4-5", 1);
    JsonNode all =
        node.http()
            .get()
            .uri("/api/prices")
            .header("Authorization", "Bearer " + admin)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    assertThat(all.size()).isGreaterThanOrEqualTo(20);
    JsonNode sonnet = null;
    for (JsonNode model : all) {
      if (model.path("model").asText().equals("claude-sonnet-4-5")) {
        sonnet = model;
      }
    }
    assertThat(sonnet.path("current").path("source").asText()).startsWith("table ");
    assertThat(sonnet.path("current").path("version").asText()).isEqualTo("claude-sonnet-4-5#1");
    assertThat(sonnet.path("current").path("effective_from").asText())
        .isEqualTo("1970-01-01T00:00:00Z");
  }

  private static ModelPrice price(JsonNode price) {
    return new ModelPrice(
        price.path("model").asText(),
        decimal(price.path("input_per_million")),
        decimal(price.path("output_per_million")),
        decimal(price.path("cached_input_per_million")),
        decimal(price.path("cache_write_per_million")));
  }

  private static BigDecimal decimal(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : new BigDecimal(node.asText());
  }

  private static List<JsonNode> awaitHistory(String model, int size) {
    List<JsonNode> history = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              history.clear();
              var result =
                  node.http()
                      .get()
                      .uri("/api/prices/{model}", model)
                      .header("Authorization", "Bearer " + admin)
                      .exchange()
                      .expectBody(JsonNode.class)
                      .returnResult();
              if (!result.getStatus().is2xxSuccessful()) {
                return false;
              }
              result.getResponseBody().forEach(history::add);
              return history.size() >= size;
            });
    return history;
  }

  private static WebTestClient.ResponseSpec put(String model, Map<String, Object> body) {
    return node.http()
        .put()
        .uri("/admin/prices/{model}", model)
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}
