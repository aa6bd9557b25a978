package io.llmproxy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/**
 * What an operator scrapes and probes: request, latency, token, cost, retry, error and refusal
 * figures that agree with the ledger, processor lag, and readiness that follows the processors.
 */
@EndToEnd
class ObservabilityTest {

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub upstream;
  private static ProxyNode node;
  private static String admin;

  @BeforeAll
  static void start() throws IOException {
    upstream = new OpenAiUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.stub.kind",
                "openai-compatible",
                "llmproxy.providers.stub.base-url",
                upstream.baseUrl()));
    admin = node.login();
    node.route(admin, "demo", "mock", "mock-1");
    putRoute(
        "flaky",
        Map.of(
            "deployments",
            List.of(Map.of("provider", "stub", "model", "fail-500")),
            "retry",
            Map.of("max_attempts", 2, "base_delay_ms", 1, "max_delay_ms", 1)));
  }

  private static void putRoute(String alias, Map<String, Object> body) {
    node.http()
        .put()
        .uri("/admin/models/{alias}", alias)
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @Test
  void trafficFiguresAgreeWithTheLedgerAndCarryNoKeyIds() {
    String plain = node.issueKey(admin, "metrics-plain", List.of("*"));
    String limited =
        node.issueKey(
            admin,
            Map.of(
                "name",
                "metrics-limited",
                "models",
                List.of("*"),
                "limits",
                Map.of("requests_per_minute", 1)));
    String broke =
        node.issueKey(
            admin,
            Map.of(
                "name",
                "metrics-broke",
                "models",
                List.of("*"),
                "budget",
                Map.of("limit_usd", "0.0000000001", "period", "lifetime")));

    node.chat(plain, "demo", "one").expectStatus().isOk();
    node.chat(plain, "demo", "two").expectStatus().isOk();
    node.chat(
            plain,
            Map.of(
                "model",
                "demo",
                "stream",
                true,
                "stream_options",
                Map.of("include_usage", true),
                "messages",
                List.of(Map.of("role", "user", "content", "three"))))
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("[DONE]"));
    node.chat(limited, "demo", "four").expectStatus().isOk();
    node.chat(limited, "demo", "refused").expectStatus().isEqualTo(429);
    node.chat(broke, "demo", "refused").expectStatus().isEqualTo(429);
    node.chat(plain, "flaky", "fails twice").expectStatus().isEqualTo(502);
    putRoute(
        "capped",
        Map.of(
            "deployments",
            List.of(
                Map.of(
                    "provider",
                    "mock",
                    "model",
                    "mock-1",
                    "limits",
                    Map.of("requests_per_minute", 1)))));
    node.chat(plain, "capped", "takes the one").expectStatus().isOk();
    node.chat(plain, "capped", "finds none left").expectStatus().isEqualTo(429);

    PrometheusScrape scrape = scrape();
    Map<String, String> demo = Map.of("alias", "demo", "provider", "mock");
    assertThat(scrape.sum("llmproxy_requests_total", with(demo, "streamed", "false"))).isEqualTo(3);
    assertThat(scrape.sum("llmproxy_requests_total", with(demo, "streamed", "true"))).isEqualTo(1);
    assertThat(scrape.sum("llmproxy_requests_total", with(demo, "outcome", "success")))
        .isEqualTo(4);
    assertThat(scrape.sum("llmproxy_request_duration_seconds_count", demo)).isEqualTo(4);
    assertThat(scrape.sum("llmproxy_request_duration_seconds_bucket", with(demo, "le", "+Inf")))
        .isEqualTo(4);
    assertThat(scrape.sum("llmproxy_time_to_first_token_seconds_count", demo)).isEqualTo(1);

    List<UsageRecorded> demoEntries = new ArrayList<>();
    demoEntries.addAll(node.ledger(ProxyNode.keyId(limited)));
    node.ledger(ProxyNode.keyId(plain)).stream()
        .filter(e -> e.alias().equals("demo"))
        .forEach(demoEntries::add);
    assertThat(demoEntries).hasSize(4);
    assertThat(scrape.sum("llmproxy_tokens_total", with(demo, "type", "prompt")))
        .isEqualTo(demoEntries.stream().mapToLong(e -> e.usage().promptTokens()).sum());
    assertThat(scrape.sum("llmproxy_tokens_total", with(demo, "type", "completion")))
        .isEqualTo(demoEntries.stream().mapToLong(e -> e.usage().completionTokens()).sum());
    BigDecimal cost =
        demoEntries.stream().map(UsageRecorded::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(cost).isPositive();
    assertThat(scrape.sum("llmproxy_cost_usd_total", demo))
        .isCloseTo(cost.doubleValue(), within(1e-12));

    Map<String, String> flaky = Map.of("alias", "flaky", "provider", "stub");
    assertThat(scrape.sum("llmproxy_retries_total", flaky)).isEqualTo(1);
    assertThat(scrape.sum("llmproxy_upstream_errors_total", flaky)).isEqualTo(2);
    assertThat(scrape.sum("llmproxy_requests_total", with(flaky, "outcome", "upstream_error")))
        .isEqualTo(1);

    assertThat(
            scrape.sum("llmproxy_refusals_total", Map.of("alias", "demo", "reason", "rate_limit")))
        .isEqualTo(1);
    assertThat(scrape.sum("llmproxy_refusals_total", Map.of("alias", "demo", "reason", "budget")))
        .isEqualTo(1);
    assertThat(
            scrape.sum(
                "llmproxy_refusals_total",
                Map.of("alias", "capped", "reason", "deployment_capacity")))
        .isEqualTo(1);

    for (String key : List.of(plain, limited, broke)) {
      assertThat(scrape.text()).doesNotContain(ProxyNode.keyId(key));
    }
  }

  @Test
  void everyStreamingProcessorReportsItsLagAndCatchesUp() {
    String key = node.issueKey(admin, "lag", List.of("*"));
    node.chat(key, "demo", "moves the head").expectStatus().isOk();
    var processors = node.bean(EventProcessingConfiguration.class).eventProcessors();
    List<String> streaming =
        processors.entrySet().stream()
            .filter(e -> e.getValue() instanceof StreamingEventProcessor)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(streaming).contains("usage-rollups", "key-list");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              PrometheusScrape scrape = scrape();
              for (String name : streaming) {
                assertThat(scrape.find("llmproxy_processor_lag_events", Map.of("processor", name)))
                    .singleElement()
                    .extracting(PrometheusScrape.Sample::value)
                    .isEqualTo(0.0);
              }
            });
  }

  @Test
  void aStoppedProcessorsLagGrowsInSecondsAndClearsOnceItRunsAgain() {
    String key = node.issueKey(admin, "lag-seconds", List.of("*"));
    var processor =
        node.bean(EventProcessingConfiguration.class)
            .eventProcessor("usage-rollups", StreamingEventProcessor.class)
            .orElseThrow();
    Map<String, String> rollups = Map.of("processor", "usage-rollups");
    processor.shutDown();
    try {
      node.chat(key, "demo", "waits for the rollups").expectStatus().isOk();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                PrometheusScrape scrape = scrape();
                assertThat(scrape.find("llmproxy_processor_lag_events", rollups))
                    .singleElement()
                    .extracting(PrometheusScrape.Sample::value)
                    .satisfies(events -> assertThat(events).isGreaterThanOrEqualTo(1.0));
                assertThat(scrape.find("llmproxy_processor_lag_seconds", rollups))
                    .singleElement()
                    .extracting(PrometheusScrape.Sample::value)
                    .satisfies(seconds -> assertThat(seconds).isBetween(2.0, 60.0));
              });
    } finally {
      processor.start();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(scrape().find("llmproxy_processor_lag_seconds", rollups))
                    .singleElement()
                    .extracting(PrometheusScrape.Sample::value)
                    .isEqualTo(0.0));
  }

  @Test
  void readinessFollowsTheEventProcessorsAndLivenessDoesNot() {
    var processor =
        node.bean(EventProcessingConfiguration.class)
            .eventProcessor("key-list", StreamingEventProcessor.class)
            .orElseThrow();
    processor.shutDown();
    try {
      node.http().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
      node.http().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    } finally {
      processor.start();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                node.http()
                    .get()
                    .uri("/actuator/health/readiness")
                    .exchange()
                    .expectStatus()
                    .isOk());
  }

  private static PrometheusScrape scrape() {
    String text =
        node.http()
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    return new PrometheusScrape(text);
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    var more = new java.util.HashMap<>(labels);
    more.put(name, value);
    return more;
  }
}
