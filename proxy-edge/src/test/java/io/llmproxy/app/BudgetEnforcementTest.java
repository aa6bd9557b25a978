package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.budget.BudgetScope;
import io.llmproxy.kernel.budget.BudgetThresholdReached;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Hard budgets hold under concurrency: requests reserve their maximum cost at admission and settle
 * to the real cost, so a burst can never spend past the limit; soft thresholds alert once per
 * period; spend survives a restart because it is read back from the ledger.
 */
@EndToEnd
class BudgetEnforcementTest {

  /** gpt-4o-mini: $0.15 in, $0.60 out per million; the stub answers 17 in, 5 out: $0.00000555. */
  private static final BigDecimal ANSWER_COST = new BigDecimal("0.00000555");

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub upstream;
  private static ProxyNode node;
  private static String admin;

  @BeforeAll
  static void start() throws IOException {
    upstream = new OpenAiUpstreamStub();
    node = ProxyNode.start(dataDir, settings());
    admin = node.login();
    node.route(admin, "priced", "paid", "gpt-4o-mini");
  }

  private static Map<String, Object> settings() {
    return Map.of(
        "llmproxy.providers.paid.kind",
        "openai-compatible",
        "llmproxy.providers.paid.base-url",
        upstream.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
    upstream.close();
  }

  @Test
  void fiftyConcurrentRequestsNeverSpendPastASmallBudget() {
    BigDecimal limit = new BigDecimal("0.0001");
    String key = keyWithBudget("burst", limit, "lifetime", null);
    WebClient client = WebClient.create(node.baseUrl());
    List<Integer> statuses =
        Flux.range(0, 50)
            .flatMap(
                i ->
                    client
                        .post()
                        .uri("/v1/chat/completions")
                        .header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(chat(10))
                        .exchangeToMono(
                            response ->
                                response.releaseBody().thenReturn(response.statusCode().value())),
                50)
            .collectList()
            .block(Duration.ofSeconds(60));

    long admitted = statuses.stream().filter(status -> status == 200).count();
    long refused = statuses.stream().filter(status -> status == 429).count();
    assertThat(admitted + refused).isEqualTo(50);
    assertThat(admitted).isPositive();
    assertThat(refused).isPositive();
    BigDecimal spent = spent(key);
    assertThat(spent).isLessThanOrEqualTo(limit);
    assertThat(spent).isEqualByComparingTo(ANSWER_COST.multiply(BigDecimal.valueOf(admitted)));

    // once the burst has settled, the room left is used up request by request, never overdrawn
    while (node.chat(key, chat(10)).returnResult(String.class).getStatus().value() == 200) {
      assertThat(spent(key)).isLessThanOrEqualTo(limit);
    }
    node.chat(key, chat(10))
        .expectStatus()
        .isEqualTo(429)
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("insufficient_quota")
        .jsonPath("$.error.code")
        .isEqualTo("insufficient_quota");
    assertThat(spent(key)).isLessThanOrEqualTo(limit);
  }

  @Test
  void aTeamBudgetIsSharedByItsKeysAndItsAlertComesOncePerPeriod() {
    String teamId =
        node.http()
            .post()
            .uri("/admin/teams")
            .header("Authorization", "Bearer " + admin)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "name",
                    "budgeted",
                    "budget",
                    Map.of("limit_usd", "0.00005", "period", "daily", "alert_at_percent", 50)))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("id")
            .toString();
    String first =
        node.issueKey(admin, Map.of("name", "t1", "models", List.of("*"), "team_id", teamId));
    String second =
        node.issueKey(admin, Map.of("name", "t2", "models", List.of("*"), "team_id", teamId));
    int answered = 0;
    for (int i = 0; i < 40; i++) {
      String key = i % 2 == 0 ? first : second;
      if (node.chat(key, chat(5)).returnResult(String.class).getStatus().value() == 200) {
        answered++;
      }
    }
    BigDecimal teamSpent = spent(first).add(spent(second));
    assertThat(teamSpent).isLessThanOrEqualTo(new BigDecimal("0.00005"));
    assertThat(answered).isBetween(5, 9);
    assertThat(node.chat(second, chat(5)).returnResult(String.class).getStatus().value())
        .isEqualTo(429);

    List<Object> alerts =
        node.bean(EventStore.class)
            .readEvents(BudgetScope.TEAM.alertStreamId(teamId))
            .asStream()
            .<Object>map(event -> event.getPayload())
            .toList();
    assertThat(alerts).hasSize(1);
    BudgetThresholdReached alert = (BudgetThresholdReached) alerts.get(0);
    assertThat(alert.scopeId()).isEqualTo(teamId);
    assertThat(alert.spentUsd()).isGreaterThanOrEqualTo(new BigDecimal("0.000025"));
  }

  @Test
  void spendIsReadBackFromTheLedgerAfterARestart() {
    BigDecimal limit = new BigDecimal("0.00002");
    String key = keyWithBudget("restart", limit, "lifetime", null);
    while (node.chat(key, chat(5)).returnResult(String.class).getStatus().value() == 200) {
      // spend the budget
    }
    BigDecimal spent = spent(key);
    node.close();
    node = ProxyNode.start(dataDir, settings());
    admin = node.login();
    node.chat(key, chat(5)).expectStatus().isEqualTo(429);
    assertThat(spent(key)).isEqualByComparingTo(spent);
  }

  private static String keyWithBudget(String name, BigDecimal limit, String period, Integer alert) {
    Map<String, Object> budget =
        alert == null
            ? Map.of("limit_usd", limit.toPlainString(), "period", period)
            : Map.of(
                "limit_usd", limit.toPlainString(), "period", period, "alert_at_percent", alert);
    return node.issueKey(admin, Map.of("name", name, "models", List.of("*"), "budget", budget));
  }

  private static Map<String, Object> chat(int maxTokens) {
    return Map.of(
        "model",
        "priced",
        "max_tokens",
        maxTokens,
        "messages",
        List.of(Map.of("role", "user", "content", "hi")));
  }

  private static BigDecimal spent(String key) {
    return node.ledger(ProxyNode.keyId(key)).stream()
        .map(UsageRecorded::cost)
        .filter(cost -> cost != null)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
