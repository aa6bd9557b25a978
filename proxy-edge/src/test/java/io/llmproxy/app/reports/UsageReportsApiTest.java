package io.llmproxy.app.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.Reports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** The reporting API over HTTP: live feed, CSV export and its refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class UsageReportsApiTest {

  @TempDir static Path dataDir;
  private ProxyNode node;
  private String admin;
  private String key;

  @BeforeAll
  void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    node.route(admin, "demo", "mock", "mock-1");
    key = node.issueKey(admin, "reports", List.of("demo"));
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void theLiveFeedShowsEachRequestAsItIsRecorded() throws InterruptedException {
    // a key of its own: entries of the other tests' keys may still be on their way to the feed
    String key = node.issueKey(admin, "feed", List.of("demo"));
    List<ServerSentEvent<JsonNode>> received = new CopyOnWriteArrayList<>();
    Disposable subscription =
        WebClient.create(node.baseUrl())
            .get()
            .uri("/api/usage/stream?key={key}", ProxyNode.keyId(key))
            .header("Authorization", "Bearer " + admin)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {})
            .subscribe(received::add);
    try {
      // the feed has subscribed once its "connected" comment arrives; entries before are not sent
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !received.isEmpty());
      received.clear();
      for (int i = 0; i < 3; i++) {
        node.chat(key, "demo", "feed " + i).expectStatus().isOk();
      }
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(usage(received)).hasSize(3));
      for (ServerSentEvent<JsonNode> event : usage(received)) {
        JsonNode entry = event.data();
        assertThat(entry.path("key_id").asText()).isEqualTo(ProxyNode.keyId(key));
        assertThat(entry.path("alias").asText()).isEqualTo("demo");
        assertThat(entry.path("outcome").asText()).isEqualTo("success");
        assertThat(entry.path("total_tokens").asLong()).isPositive();
        assertThat(entry.has("position")).isFalse();
      }
      Reports.caughtUp(node);
      JsonNode log = Reports.get(node, admin, "/api/usage/requests?key=" + ProxyNode.keyId(key));
      assertThat(log.path("data").findValuesAsText("request_id"))
          .containsAll(
              usage(received).stream().map(e -> e.data().path("request_id").asText()).toList());
    } finally {
      subscription.dispose();
    }
  }

  private static List<ServerSentEvent<JsonNode>> usage(List<ServerSentEvent<JsonNode>> events) {
    return events.stream().filter(event -> "usage".equals(event.event())).toList();
  }

  @Test
  void theCsvExportHasAHeaderAndOneRowPerLoggedRequest() throws InterruptedException {
    node.chat(key, "demo", "csv one").expectStatus().isOk();
    node.chat(key, "demo", "csv two").expectStatus().isOk();
    Reports.caughtUp(node);
    int logged = Reports.get(node, admin, "/api/usage/requests?limit=200").path("data").size();
    var result =
        node.http()
            .get()
            .uri("/api/usage/requests.csv")
            .header("Authorization", "Bearer " + admin)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith("text/csv")
            .expectHeader()
            .valueMatches("Content-Disposition", "attachment; filename=\"requests.csv\"")
            .expectBody()
            .returnResult();
    String[] lines = new String(result.getResponseBody(), StandardCharsets.UTF_8).split("\r\n", -1);
    assertThat(lines[0]).startsWith("request_id,occurred_at,key_id,team_id,alias");
    assertThat(lines).hasSize(logged + 2); // header, rows, and the empty text after the last CRLF
    assertThat(lines[1]).contains("," + ProxyNode.keyId(key) + ",,demo,mock,mock-1,");
  }

  @Test
  void keyAndTeamListsShowThePeriodSpendAgainstTheBudget() throws InterruptedException {
    String team =
        node.http()
            .post()
            .uri("/admin/teams")
            .header("Authorization", "Bearer " + admin)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "spenders"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody()
            .path("id")
            .asText();
    String budgeted =
        node.issueKey(
            admin,
            Map.of(
                "name",
                "budgeted",
                "models",
                List.of("demo"),
                "team_id",
                team,
                "budget",
                Map.of("limit_usd", "0.5", "period", "daily")));
    for (int i = 0; i < 3; i++) {
      node.chat(budgeted, "demo", "spend " + i).expectStatus().isOk();
    }
    Reports.caughtUp(node);
    String keyId = ProxyNode.keyId(budgeted);
    java.math.BigDecimal logged = java.math.BigDecimal.ZERO;
    for (JsonNode row : Reports.get(node, admin, "/api/usage/requests?key=" + keyId).path("data")) {
      logged = logged.add(new java.math.BigDecimal(row.path("cost").asText()));
    }
    assertThat(logged.signum()).isPositive();

    JsonNode spend = Reports.get(node, admin, "/api/keys/" + keyId).path("spend");
    assertThat(spend.path("period").asText()).isEqualTo("daily");
    assertThat(new java.math.BigDecimal(spend.path("cost").asText())).isEqualByComparingTo(logged);
    assertThat(spend.path("limit_usd").decimalValue()).isEqualByComparingTo("0.5");
    assertThat(spend.path("percent").decimalValue())
        .isEqualByComparingTo(
            logged
                .multiply(java.math.BigDecimal.valueOf(100))
                .divide(new java.math.BigDecimal("0.5"), 2, java.math.RoundingMode.HALF_UP));

    JsonNode teamSpend = Reports.get(node, admin, "/api/teams/" + team).path("spend");
    assertThat(teamSpend.path("period").asText()).isEqualTo("monthly");
    assertThat(new java.math.BigDecimal(teamSpend.path("cost").asText()))
        .isEqualByComparingTo(logged);
    assertThat(teamSpend.path("limit_usd").isNull()).isTrue();
  }

  @Test
  void anOpenReportReadNeitherBlocksTheLedgerNorCanWrite() throws Exception {
    javax.sql.DataSource readOnly =
        node.context()
            .getBean(io.llmproxy.kernel.DataSources.READ_ONLY, javax.sql.DataSource.class);
    int before = node.ledger(ProxyNode.keyId(key)).size();
    try (java.sql.Connection reader = readOnly.getConnection();
        java.sql.Statement statement = reader.createStatement()) {
      reader.setAutoCommit(false);
      try (java.sql.ResultSet rows =
          statement.executeQuery("SELECT COUNT(*) FROM usage_request_log")) {
        rows.next();
      }
      // the read transaction keeps its snapshot open while these are appended and committed
      for (int i = 0; i < 5; i++) {
        node.chat(key, "demo", "while reading " + i).expectStatus().isOk();
      }
      assertThat(node.ledger(ProxyNode.keyId(key))).hasSize(before + 5);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> statement.executeUpdate("DELETE FROM usage_request_log"))
          .isInstanceOf(java.sql.SQLException.class);
      reader.rollback();
    }
  }

  @Test
  void badParametersAreRefusedInTheErrorShapeNamingTheParameter() {
    Map<String, String> refusals =
        Map.ofEntries(
            Map.entry("/api/usage/summary?groupBy=colour", "groupBy"),
            Map.entry("/api/usage/summary?groupBy=day,hour", "groupBy"),
            Map.entry("/api/usage/summary?tz=Mars/Olympus", "tz"),
            Map.entry("/api/usage/summary?groupBy=day&tz=Asia/Kolkata", "tz"),
            Map.entry("/api/usage/summary?from=2026-11-20T10:30:00Z", "from"),
            Map.entry("/api/usage/summary?from=yesterday", "from"),
            Map.entry(
                "/api/usage/summary?from=2026-11-20T10:00:00Z&to=2026-11-20T09:00:00Z", "from"),
            Map.entry("/api/usage/summary?outcome=maybe", "outcome"),
            Map.entry("/api/usage/summary?key=%27%20OR%201%3D1--", "key"),
            Map.entry("/api/usage/timeseries?interval=week", "interval"),
            Map.entry(
                "/api/usage/timeseries?interval=hour&from=1970-01-01T00:00:00Z"
                    + "&to=2026-01-01T00:00:00Z",
                "interval"),
            Map.entry("/api/usage/requests?limit=0", "limit"),
            Map.entry("/api/usage/requests?cursor=bm90LWEtY3Vyc29y", "cursor"),
            Map.entry("/api/usage/requests?retried=perhaps", "retried"),
            Map.entry("/api/usage/requests.csv?to=soon", "to"));
    refusals.forEach(
        (uri, parameter) -> {
          JsonNode error =
              node.http()
                  .get()
                  .uri(java.net.URI.create(node.baseUrl() + uri))
                  .header("Authorization", "Bearer " + admin)
                  .exchange()
                  .expectStatus()
                  .isBadRequest()
                  .expectBody(JsonNode.class)
                  .returnResult()
                  .getResponseBody();
          assertThat(error.path("error").path("message").asText()).as(uri).startsWith(parameter);
        });
  }

  @Test
  void reportsNeedASignedInUser() {
    for (String uri :
        List.of(
            "/api/usage/summary",
            "/api/usage/timeseries",
            "/api/usage/requests",
            "/api/usage/requests.csv",
            "/api/usage/stream")) {
      node.http().get().uri(uri).exchange().expectStatus().isUnauthorized();
    }
  }
}
