package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Routes with several deployments against real upstream servers that fail on purpose: weighted
 * balancing, retries, fallbacks, cooldown and recovery, caps and timeouts, each checked in the
 * ledger (one entry per attempt, tokens only where they were consumed).
 */
@EndToEnd
class RoutingFailoverTest {

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub stubA;
  private static OpenAiUpstreamStub stubB;
  private static ProxyNode node;
  private static String admin;
  private static String key;

  @BeforeAll
  static void start() throws IOException {
    stubA = new OpenAiUpstreamStub();
    stubB = new OpenAiUpstreamStub();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.a.kind",
                "openai-compatible",
                "llmproxy.providers.a.base-url",
                stubA.baseUrl(),
                "llmproxy.providers.b.kind",
                "openai-compatible",
                "llmproxy.providers.b.base-url",
                stubB.baseUrl(),
                "llmproxy.providers.dead.kind",
                "openai-compatible",
                "llmproxy.providers.dead.base-url",
                "http://127.0.0.1:" + closedPort + "/v1",
                "llmproxy.routing.failure-threshold",
                2,
                "llmproxy.routing.cooldown",
                "3s"));
    admin = node.login();
    key = node.issueKey(admin, "routing", List.of("*"));
  }

  @AfterAll
  static void stop() {
    node.close();
    stubA.close();
    stubB.close();
  }

  @BeforeEach
  void healthyUpstreams() {
    stubA.forceStatus(0);
    stubB.forceStatus(0);
  }

  @Test
  void trafficIsSplitByWeight() {
    route("weighted", deployments(dep("a", "m", 3), dep("b", "m", 1)), Map.of());
    int before = stubA.received().size() + stubB.received().size();
    int beforeA = stubA.received().size();
    for (int i = 0; i < 200; i++) {
      node.chat(key, "weighted", "hi").expectStatus().isOk();
    }
    int toA = stubA.received().size() - beforeA;
    assertThat(stubA.received().size() + stubB.received().size() - before).isEqualTo(200);
    // expected 150 of 200; the bounds are five standard deviations wide
    assertThat(toA).isBetween(120, 180);
  }

  @Test
  void aFailingDeploymentIsRetriedElsewhereAndOnlyTheServingAttemptIsBilled() {
    // distinct model names: a deployment's health is shared by every alias that uses it
    route("retry", deployments(dep("dead", "retry-m", 1), dep("a", "m", 1)), retry(3));
    for (int i = 0; i < 20; i++) {
      node.chat(key, "retry", "hi").expectStatus().isOk();
    }
    Map<String, List<UsageRecorded>> byRequest = requestsOn("retry");
    assertThat(byRequest).hasSize(20);
    // each request picks "dead" first with probability 1/2 until its breaker opens
    assertThat(byRequest.values()).anyMatch(attempts -> attempts.size() > 1);
    // reports count client requests, not attempts
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                node.http()
                    .get()
                    .uri("/api/usage/summary?groupBy=alias")
                    .header("Authorization", "Bearer " + admin)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.groups[?(@.dimensions.alias == 'retry')].totals.requests")
                    .isEqualTo(20));
    for (List<UsageRecorded> attempts : byRequest.values()) {
      UsageRecorded last = attempts.get(attempts.size() - 1);
      assertThat(last.outcome()).isEqualTo(UsageOutcome.SUCCESS);
      assertThat(last.retried()).isFalse();
      assertThat(last.provider()).isEqualTo("a");
      assertThat(last.attempt()).isEqualTo(attempts.size());
      for (UsageRecorded failed : attempts.subList(0, attempts.size() - 1)) {
        assertThat(failed.provider()).isEqualTo("dead");
        assertThat(failed.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
        assertThat(failed.retried()).isTrue();
        assertThat(failed.usage().totalTokens()).isZero();
        assertThat(failed.cost()).isNull();
      }
    }
  }

  @Test
  void aStreamFailsOverBeforeItsFirstChunk() {
    route("stream-retry", deployments(dep("dead", "stream-m", 1), dep("b", "m", 1)), retry(3));
    for (int i = 0; i < 6; i++) {
      String body =
          node
              .chat(
                  key,
                  Map.of(
                      "model",
                      "stream-retry",
                      "stream",
                      true,
                      "messages",
                      List.of(Map.of("role", "user", "content", "hi"))))
              .expectStatus()
              .isOk()
              .returnResult(String.class)
              .getResponseBody()
              .collectList()
              .block(Duration.ofSeconds(10))
              .stream()
              .collect(Collectors.joining("\n"));
      assertThat(body).contains("[DONE]").doesNotContain("\"error\"");
    }
    requestsOn("stream-retry")
        .values()
        .forEach(
            attempts -> {
              assertThat(attempts.get(attempts.size() - 1).outcome())
                  .isEqualTo(UsageOutcome.SUCCESS);
              assertThat(attempts.stream().filter(e -> !e.retried()).count()).isEqualTo(1);
            });
  }

  @Test
  void aDeploymentThatKeepsFailingCoolsDownAndIsUsedAgainOnceItRecovers() {
    route("cool", deployments(dep("a", "cool-m", 1), dep("b", "cool-m", 1)), retry(2));
    stubA.forceStatus(500);
    int beforeA = stubA.received().size();
    for (int i = 0; i < 30; i++) {
      node.chat(key, "cool", "hi").expectStatus().isOk();
    }
    // the breaker opened at the second failure; within its 3 s cooldown A saw nothing more
    assertThat(stubA.received().size() - beforeA).isEqualTo(2);

    stubA.forceStatus(0);
    int recoveredFrom = stubA.received().size();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              node.chat(key, "cool", "hi").expectStatus().isOk();
              return stubA.received().size() > recoveredFrom;
            });
  }

  @Test
  void afterItsOwnAttemptsARequestMovesToTheFallbackAlias() {
    route("backup", deployments(dep("b", "backup-m", 1)), Map.of());
    route(
        "primary",
        deployments(dep("dead", "primary-m", 1)),
        Map.of("fallbacks", List.of("backup")));
    node.chat(key, "primary", "hi").expectStatus().isOk();
    List<UsageRecorded> attempts = requestsOn("primary").values().iterator().next();
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).alias()).isEqualTo("primary");
    assertThat(attempts.get(0).retried()).isTrue();
    assertThat(attempts.get(1).alias()).isEqualTo("backup");
    assertThat(attempts.get(1).provider()).isEqualTo("b");
    assertThat(attempts.get(1).outcome()).isEqualTo(UsageOutcome.SUCCESS);
  }

  @Test
  void aPromptTooLongGoesToTheContextWindowFallbackAndAPlainRefusalIsNotRetried() {
    route("large", deployments(dep("b", "large-m", 1)), Map.of());
    route(
        "small",
        deployments(dep("a", "small-fail-context", 1)),
        Map.of("context_window_fallbacks", List.of("large"), "retry", Map.of("max_attempts", 3)));
    node.chat(key, "small", "a very long prompt").expectStatus().isOk();

    route("strict", deployments(dep("a", "m", 1), dep("b", "m", 1)), retry(3));
    node.chat(key, "strict", "fail-400 please")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.param")
        .isEqualTo("temperature");
    List<UsageRecorded> strict = requestsOn("strict").values().iterator().next();
    assertThat(strict).hasSize(1);
    assertThat(strict.get(0).retried()).isFalse();
  }

  @Test
  void aRateLimitedUpstreamIsRetriedNoSoonerThanItsRetryAfter() {
    route("limited", deployments(dep("a", "limited-m", 1)), retry(2));
    long started = System.nanoTime();
    node.chat(key, "limited", "fail-429")
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueEquals("Retry-After", "1");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(requestsOn("limited").values().iterator().next())
        .extracting(UsageRecorded::retried)
        .containsExactly(true, false);

    route(
        "hurried",
        deployments(dep("a", "hurried-m", 1)),
        Map.of("retry", Map.of("max_attempts", 3, "budget_ms", 500)));
    node.chat(key, "hurried", "fail-429").expectStatus().isEqualTo(429);
    assertThat(requestsOn("hurried").values().iterator().next()).hasSize(1);
  }

  @Test
  void aDeploymentAtItsCapIsSkippedAndARouteWithNoneLeftAnswers429() {
    route(
        "capped",
        deployments(
            Map.of("provider", "a", "model", "m", "limits", Map.of("requests_per_minute", 1))),
        Map.of());
    node.chat(key, "capped", "hi").expectStatus().isOk();
    node.chat(key, "capped", "hi")
        .expectStatus()
        .isEqualTo(429)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("deployments_at_capacity");
    assertThat(requestsOn("capped")).hasSize(1);
  }

  @Test
  void aRoutesTimeoutBoundsEachAttempt() {
    route("quick", deployments(dep("a", "quick-m", 1)), Map.of("timeout_ms", 300));
    long started = System.nanoTime();
    node.chat(key, "quick", "slow-3000")
        .expectStatus()
        .isEqualTo(504)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("upstream_timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void badRouteDefinitionsAreRefusedNamingTheProblem() {
    putRoute("bad", Map.of("deployments", List.of()))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("deployments"));
    putRoute("bad", Map.of("deployments", List.of(dep("nowhere", "m", 1))))
        .expectStatus()
        .isBadRequest();
    putRoute("bad", Map.of("deployments", List.of(dep("a", "m", 0)))).expectStatus().isBadRequest();
    putRoute("bad", Map.of("provider", "a", "model", "m", "deployments", List.of(dep("a", "m", 1))))
        .expectStatus()
        .isBadRequest();
    putRoute("bad", Map.of("deployments", List.of(dep("a", "m", 1)), "fallbacks", List.of("bad")))
        .expectStatus()
        .isBadRequest();
    putRoute(
            "bad",
            Map.of("deployments", List.of(dep("a", "m", 1)), "retry", Map.of("max_attempts", 99)))
        .expectStatus()
        .isBadRequest();
  }

  private static Map<String, List<UsageRecorded>> requestsOn(String alias) {
    return node.ledger(ProxyNode.keyId(key)).stream()
        .collect(Collectors.groupingBy(UsageRecorded::requestId))
        .values()
        .stream()
        .filter(attempts -> alias.equals(attempts.get(0).alias()))
        .collect(
            Collectors.toMap(
                attempts -> attempts.get(0).requestId(),
                attempts ->
                    attempts.stream()
                        .sorted((x, y) -> Integer.compare(x.attempt(), y.attempt()))
                        .toList()));
  }

  private static Map<String, Object> dep(String provider, String model, int weight) {
    return Map.of("provider", provider, "model", model, "weight", weight);
  }

  private static Map<String, Object> deployments(Object... deployments) {
    return Map.of("deployments", List.of(deployments));
  }

  private static Map<String, Object> retry(int attempts) {
    return Map.of("retry", Map.of("max_attempts", attempts, "base_delay_ms", 10));
  }

  private static void route(
      String alias, Map<String, Object> deployments, Map<String, Object> rest) {
    var body = new HashMap<String, Object>(deployments);
    body.putAll(rest);
    putRoute(alias, body).expectStatus().isOk();
  }

  private static WebTestClient.ResponseSpec putRoute(String alias, Map<String, Object> body) {
    return node.http()
        .put()
        .uri("/admin/models/{alias}", alias)
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}
