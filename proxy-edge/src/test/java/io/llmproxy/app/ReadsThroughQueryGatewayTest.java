package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The read API over HTTP asks Axon's query bus, and the bus neither changes what a refusal looks
 * like nor queues reads behind the writer connection.
 */
@EndToEnd
class ReadsThroughQueryGatewayTest {

  private static final Duration CEILING = Duration.ofSeconds(15);

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String token;
  private static AdminApi api;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    token = node.login();
    api = new AdminApi(node, token);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void everyReadOfTheReadApiIsAQueryOnTheBus() {
    List<String> asked = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    MessageHandlerInterceptor<QueryMessage<?, ?>> recorder =
        (unitOfWork, chain) -> {
          Message<?> query = unitOfWork.getMessage();
          asked.add(query.getPayloadType().getSimpleName());
          // the local bus runs the handler on the thread that sent the query
          threads.add(Thread.currentThread().getName());
          return chain.proceed();
        };
    var registration = node.bean(QueryBus.class).registerHandlerInterceptor(recorder);
    try {
      api.get("/api/keys");
      api.call(HttpMethod.GET, "/api/keys/nope", null).expectStatus().isNotFound();
      api.get("/api/teams");
      api.call(HttpMethod.GET, "/api/teams/nope", null).expectStatus().isNotFound();
      api.get("/api/prices");
      api.call(HttpMethod.GET, "/api/prices/nope", null).expectStatus().isNotFound();
      api.get("/api/audit/admin-events");
      api.get("/api/usage/summary");
      api.get("/api/usage/timeseries?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z");
      api.get("/api/usage/requests");
      // a CSV export streams its pages: read it to the end, so that its queries come before the
      // next request's
      api.call(HttpMethod.GET, "/api/usage/requests.csv", null)
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .returnResult();
      api.get("/api/statements?key=k1&period=2026-11");
      api.call(HttpMethod.GET, "/api/statements?key=k1&period=2026-11&format=csv", null)
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .returnResult();
    } finally {
      registration.cancel();
    }

    assertThat(asked)
        .containsExactly(
            "FetchKeyList",
            "FindKey",
            "FetchTeamList",
            "FindTeam",
            "FetchCurrentPrices",
            "FindPriceHistory",
            "FetchAdminEvents",
            "FetchUsageSummary",
            "FetchUsageTimeSeries",
            "FetchRequestLog",
            "FetchRequestLog",
            "FetchStatement",
            "FetchStatement");
    assertThat(threads).allMatch(name -> name.startsWith("boundedElastic-"), "off the event loop");
  }

  @Test
  void aRefusalThrownInsideAHandlerKeepsItsStatusAndBody() {
    // the whole-hour check of a report's time zone runs in the summary's query handler
    JsonNode body =
        api.call(HttpMethod.GET, "/api/usage/summary?groupBy=day&tz=Asia/Kolkata", null)
            .expectStatus()
            .isBadRequest()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();

    assertThat(body.toString())
        .isEqualTo(
            "{\"error\":{\"message\":\"tz: Asia/Kolkata is not a whole number of hours from UTC,"
                + " so its days cannot be reported exactly from hourly totals\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
  }

  @Test
  void anUnexpectedFailureOfAHandlerIsAnInternalErrorWithoutItsStackTrace() throws Exception {
    DataSource writer = node.bean(DataSource.class);
    String answer;
    try (Connection connection = writer.getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("ALTER TABLE team_list RENAME TO team_list_away");
      try {
        answer =
            new String(
                api.call(HttpMethod.GET, "/api/teams", null)
                    .expectStatus()
                    .isEqualTo(500)
                    .expectBody()
                    .returnResult()
                    .getResponseBodyContent(),
                StandardCharsets.UTF_8);
      } finally {
        sql.execute("ALTER TABLE team_list_away RENAME TO team_list");
      }
    }

    assertThat(answer)
        .isEqualTo(
            "{\"error\":{\"message\":\"internal error\",\"type\":\"api_error\","
                + "\"param\":null,\"code\":\"internal_error\"}}");
  }

  @Test
  void aReadDoesNotWaitForTheWriterConnection() throws Exception {
    DataSource writer = node.bean(DataSource.class);
    WebTestClient client = node.http().mutate().responseTimeout(CEILING).build();
    try (Connection held = writer.getConnection()) {
      // SQLite's writer pool has this one connection: a read that needed it would wait here
      assertThat(held.isValid(1)).isTrue();
      client
          .get()
          .uri(URI.create(node.baseUrl() + "/api/keys"))
          .header("Authorization", "Bearer " + token)
          .exchange()
          .expectStatus()
          .isOk();
    }
  }
}
