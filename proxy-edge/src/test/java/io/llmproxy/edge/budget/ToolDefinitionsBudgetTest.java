package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.BillingUpstreamStub;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Tool definitions are billed as input, so they are reserved as input: eight concurrent calls
 * carrying 100 KB of tools and {@code max_tokens: 1} cannot spend past a small budget, streamed or
 * not. docs/accounting-and-audit.md "Budgets" bounds a burst's overshoot by what admitted requests
 * are billed beyond their reservations; this upstream bills none beyond it, so the bound here is
 * the limit itself. Before, the prompt estimate counted the messages only: all eight calls were
 * admitted and spent $0.026 against $0.001.
 */
@EndToEnd
class ToolDefinitionsBudgetTest {

  private static final int CONCURRENT = 8;
  private static final BigDecimal SMALL = new BigDecimal("0.001");

  @TempDir static Path dataDir;

  private static BillingUpstreamStub upstream;
  private static ProxyNode node;
  private static String admin;
  private static String tools;

  @BeforeAll
  static void start() throws IOException {
    upstream = new BillingUpstreamStub(4_096);
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.billed.kind",
                "openai-compatible",
                "llmproxy.providers.billed.base-url",
                upstream.baseUrl()));
    admin = node.login();
    node.route(admin, "mini", "billed", "gpt-4o-mini");
    tools = tools(100_000);
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @ParameterizedTest(name = "limit ${0}, stream {1}")
  @CsvSource({"0.001, false", "0.001, true", "0.01, false", "0.01, true"})
  void eightConcurrentCallsWithLargeToolsStayWithinTheBudget(String limitUsd, boolean stream) {
    BigDecimal limit = new BigDecimal(limitUsd);
    String key =
        node.issueKey(
            admin,
            Map.of(
                "name",
                "tools-" + limitUsd + "-" + stream,
                "models",
                List.of("*"),
                "budget",
                Map.of("limit_usd", limitUsd, "period", "lifetime")));
    String body =
        "{\"model\":\"mini\",\"max_tokens\":1,\"stream\":"
            + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":"
            + tools
            + "}";
    List<Integer> statuses = burst(key, body);

    long admitted = statuses.stream().filter(status -> status == 200).count();
    assertThat(statuses)
        .as("every call answered or refused for the budget")
        .hasSize(CONCURRENT)
        .allMatch(status -> status == 200 || status == 429);
    BigDecimal spent = spent(key);
    assertThat(spent)
        .as("spent with %d of %d admitted", admitted, CONCURRENT)
        .isLessThanOrEqualTo(limit);
    if (limit.compareTo(new BigDecimal("0.01")) == 0) {
      // a call costs about $0.0032 (21,600 tokens of tools at $0.15 per million): three fit
      assertThat(admitted).isBetween(1L, 3L);
      BigDecimal perCall = spent.divide(BigDecimal.valueOf(admitted), MathContext.DECIMAL64);
      assertThat(perCall).as("one call costs more than the $0.001 budget").isGreaterThan(SMALL);
    } else {
      assertThat(admitted).as("one call costs more than the whole budget").isZero();
    }
  }

  @Test
  void anOutputLimitTimesChoicesThatOverflowsALongIsRefusedBeforeAnyReservation() {
    String key =
        node.issueKey(
            admin,
            Map.of(
                "name",
                "overflow",
                "models",
                List.of("*"),
                "budget",
                Map.of("limit_usd", "0.000001", "period", "lifetime")));
    String body =
        "{\"model\":\"mini\",\"max_tokens\":4611686018427387904,\"n\":2,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    List<Integer> statuses = burst(key, body);
    assertThat(statuses).hasSize(CONCURRENT).allMatch(status -> status == 400);
    assertThat(spent(key)).isZero();
    node.chat(key, body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.param")
        .isEqualTo("max_tokens")
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error");
  }

  private static List<Integer> burst(String key, String body) {
    WebClient client = WebClient.create(node.baseUrl());
    return Flux.range(0, CONCURRENT)
        .flatMap(
            i ->
                client
                    .post()
                    .uri("/v1/chat/completions")
                    .header("Authorization", "Bearer " + key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                    .exchangeToMono(
                        response ->
                            response
                                .bodyToMono(String.class)
                                .defaultIfEmpty("")
                                .thenReturn(response.statusCode().value())),
            CONCURRENT)
        .collectList()
        .block(Duration.ofSeconds(60));
  }

  /** Function definitions of about {@code bytes} bytes of JSON, of varied words. */
  private static String tools(int bytes) {
    Random random = new Random(7);
    String[] words = {"account", "ledger", "ünïcode", "数据", "refund", "the", "of", "invoice", "42"};
    List<String> tools = new ArrayList<>();
    int size = 2;
    for (int i = 0; size < bytes; i++) {
      StringBuilder description = new StringBuilder();
      for (int w = 0; w < 150; w++) {
        description.append(words[random.nextInt(words.length)]).append(' ');
      }
      String tool =
          "{\"type\":\"function\",\"function\":{\"name\":\"tool_"
              + i
              + "\",\"description\":\""
              + description.toString().trim()
              + "\",\"parameters\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}}}";
      tools.add(tool);
      size += tool.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    return "[" + String.join(",", tools) + "]";
  }

  private static BigDecimal spent(String key) {
    return node.ledger(ProxyNode.keyId(key)).stream()
        .map(UsageRecorded::cost)
        .filter(cost -> cost != null)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
