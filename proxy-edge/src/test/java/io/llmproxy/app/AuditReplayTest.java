package io.llmproxy.app;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.AnthropicUpstreamStub;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.LedgerFold;
import io.llmproxy.support.MixedTraffic;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit replay against a ledger made by thousands of concurrent requests of every kind: it
 * finds the live rollups equal to the ledger to the last decimal, waits for a projection that is
 * behind, runs one at a time, and reports a tampered rollup row as exactly that one discrepancy.
 */
@EndToEnd
class AuditReplayTest {

  private static final int REQUESTS = 3000;
  private static final String REPLAYS = "/admin/audit/replays";

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub openAi;
  private static AnthropicUpstreamStub anthropic;
  private static ProxyNode node;
  private static AdminApi api;
  private static final List<String> keys = new ArrayList<>();

  @BeforeAll
  static void startNode() throws IOException {
    openAi = new OpenAiUpstreamStub();
    anthropic = new AnthropicUpstreamStub();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.upstream.kind",
                "openai-compatible",
                "llmproxy.providers.upstream.base-url",
                openAi.baseUrl(),
                "llmproxy.providers.claude.kind",
                "anthropic",
                "llmproxy.providers.claude.base-url",
                anthropic.baseUrl(),
                "llmproxy.providers.claude.api-key",
                AnthropicUpstreamStub.API_KEY,
                "llmproxy.providers.dead.kind",
                "openai-compatible",
                "llmproxy.providers.dead.base-url",
                "http://127.0.0.1:" + closedPort + "/v1",
                // the dead deployment never cools down, so failed-over requests keep coming
                "llmproxy.routing.failure-threshold",
                1_000_000));
    String admin = node.login();
    api = new AdminApi(node, admin);
    node.route(admin, "gpt", "upstream", "gpt-4o-mini");
    node.route(admin, "claude", "claude", "claude-sonnet-4-5");
    node.route(admin, "local", "upstream", "local-llama");
    api.send(
        HttpMethod.PUT,
        "/admin/models/retry",
        Map.of(
            "deployments",
            List.of(
                Map.of("provider", "dead", "model", "gpt-4o-mini", "weight", 1),
                Map.of("provider", "upstream", "model", "gpt-4o-mini", "weight", 1)),
            "retry",
            Map.of("max_attempts", 3, "base_delay_ms", 10)),
        200);
    String research = team("research");
    String support = team("support");
    for (int i = 0; i < 6; i++) {
      String team = i < 3 ? research : i == 3 ? support : null;
      keys.add(
          node.issueKey(
              admin,
              team == null
                  ? Map.of("name", "k" + i, "models", List.of("*"))
                  : Map.of("name", "k" + i, "models", List.of("*"), "team_id", team)));
    }
    new MixedTraffic(node).send(REQUESTS, keys, 16);
    // a cancelled stream is recorded once the proxy has seen the client go: wait for every request
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ledger().stream().filter(e -> !e.retried()).count() == REQUESTS);
  }

  @AfterAll
  static void stopNode() {
    node.close();
    openAi.close();
    anthropic.close();
  }

  @Test
  void aReplayAfterThousandsOfMixedRequestsFindsTheRollupsEqualToTheLedger() {
    List<UsageRecorded> ledger = ledger();
    assertThat(ledger)
        .extracting(UsageRecorded::outcome)
        .contains(UsageOutcome.SUCCESS, UsageOutcome.UPSTREAM_ERROR, UsageOutcome.CLIENT_CANCELLED);
    assertThat(ledger).anyMatch(UsageRecorded::retried);
    assertThat(ledger).anyMatch(UsageRecorded::streamed);
    assertThat(ledger).anyMatch(e -> e.usage().cachedTokens() > 0);
    assertThat(ledger).anyMatch(e -> e.cost() == null);

    String id = startReplay();
    JsonNode result = awaitCompleted(id);
    assertThat(result.path("discrepancy_count").asLong(-1)).isZero();
    assertThat(result.path("discrepancies")).isEmpty();
    assertThat(api.get(REPLAYS).findValuesAsText("id")).contains(id);
    assertMatchesLedger(result);
    assertThat(result.path("rows_compared")).hasSize(4);
    result.path("rows_compared").forEach(rows -> assertThat(rows.asLong()).isPositive());
  }

  @Test
  void aReplayWaitsForRollupsThatAreBehindAndOnlyOneRunsAtATime() {
    StreamingEventProcessor rollups =
        node.bean(EventProcessingConfiguration.class)
            .eventProcessor("usage-rollups", StreamingEventProcessor.class)
            .orElseThrow();
    rollups.shutDown();
    try {
      for (int i = 0; i < 10; i++) {
        node.chat(keys.get(i % keys.size()), "gpt", "while the rollups stand still")
            .expectStatus()
            .isOk();
      }
      String id = startReplay();
      // the rollups cannot pass the new events while stopped, so the replay is still waiting
      JsonNode refused = api.send(HttpMethod.POST, REPLAYS, null, 409).path("error");
      assertThat(refused.path("message").asText()).contains(id);
      assertThat(api.get(REPLAYS + "/" + id).path("status").asText()).isEqualTo("running");
      rollups.start();
      JsonNode result = awaitCompleted(id);
      assertThat(result.path("discrepancy_count").asLong(-1)).isZero();
      assertMatchesLedger(result);
    } finally {
      rollups.start();
    }
  }

  @Test
  void aTamperedRollupRowIsReportedAsExactlyThatDiscrepancy() {
    JdbcTemplate jdbc = new JdbcTemplate(node.bean(DataSource.class));
    awaitCompleted(startReplay());
    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT team_id, alias, day_start, cost FROM usage_daily_by_team_alias"
                + " WHERE alias = 'gpt' ORDER BY team_id LIMIT 1");
    String original = (String) row.get("cost");
    String tampered = new BigDecimal(original).add(new BigDecimal("0.000000001")).toPlainString();
    String update =
        "UPDATE usage_daily_by_team_alias SET cost = ? WHERE team_id = ? AND alias = ? AND day_start = ?";
    jdbc.update(update, tampered, row.get("team_id"), row.get("alias"), row.get("day_start"));
    try {
      JsonNode result = awaitCompleted(startReplay());
      assertThat(result.path("discrepancy_count").asLong()).isOne();
      JsonNode discrepancy = result.path("discrepancies").get(0);
      assertThat(discrepancy.path("table").asText()).isEqualTo("usage_daily_by_team_alias");
      assertThat(discrepancy.path("dimensions").path("team").asText())
          .isEqualTo(row.get("team_id"));
      assertThat(discrepancy.path("dimensions").path("alias").asText()).isEqualTo("gpt");
      assertThat(discrepancy.path("dimensions").path("day").asText())
          .isEqualTo(Instant.ofEpochSecond(((Number) row.get("day_start")).longValue()).toString());
      assertThat(discrepancy.path("field").asText()).isEqualTo("cost");
      assertThat(discrepancy.path("ledger_value").asText()).isEqualTo(original);
      assertThat(discrepancy.path("read_model_value").asText()).isEqualTo(tampered);
    } finally {
      jdbc.update(update, original, row.get("team_id"), row.get("alias"), row.get("day_start"));
    }
  }

  @Test
  void anUnknownReplayIsNotFound() {
    api.send(HttpMethod.GET, REPLAYS + "/no-such-replay", null, 404);
  }

  @Test
  void onlyAnAdministratorMayStartOrReadAReplayAndAViewerMayReadStatements() {
    String password = "a long viewer password";
    node.createUser(node.login(), "auditor", "viewer", password);
    AdminApi viewer = new AdminApi(node, node.login("auditor", password));
    viewer.send(HttpMethod.POST, REPLAYS, null, 403);
    viewer.send(HttpMethod.GET, REPLAYS, null, 403);
    viewer.send(
        HttpMethod.GET, "/api/statements?key=" + keyId(keys.get(0)) + "&period=2026-11", null, 200);
    node.http().post().uri(REPLAYS).exchange().expectStatus().isUnauthorized();
  }

  private static void assertMatchesLedger(JsonNode result) {
    List<UsageRecorded> ledger = ledger();
    LedgerFold fold = LedgerFold.of(ledger);
    assertThat(LedgerFold.actual(result.path("ledger_totals"), "unpriced_entries"))
        .isEqualTo(fold.expected("unpriced_entries"));
    assertThat(LedgerFold.actual(result.path("read_model_totals"), "unpriced_entries"))
        .isEqualTo(fold.expected("unpriced_entries"));
    assertThat(result.path("progress").path("events_read").asLong()).isEqualTo(ledger.size());
    assertThat(result.path("progress").path("percent").asInt()).isEqualTo(100);
  }

  private static String startReplay() {
    JsonNode started = api.send(HttpMethod.POST, REPLAYS, null, 202);
    assertThat(started.path("status").asText()).isIn("running", "completed");
    return started.path("id").asText();
  }

  private static JsonNode awaitCompleted(String id) {
    JsonNode result =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> api.get(REPLAYS + "/" + id),
                report -> !report.path("status").asText().equals("running"));
    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("completed");
    return result;
  }

  private static List<UsageRecorded> ledger() {
    return keys.stream().flatMap(key -> node.ledger(keyId(key)).stream()).toList();
  }

  private static String team(String name) {
    return api.send(HttpMethod.POST, "/admin/teams", Map.of("name", name), 201).path("id").asText();
  }
}
