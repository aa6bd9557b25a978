package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/** The HTTP contract of {@code /admin/reconciliations}: parameters, errors, limits, access. */
@EndToEnd
class ReconciliationHttpTest {

  private static final String PERIOD = "from=2026-01-01&to=2026-01-31";
  private static final byte[] EMPTY_PAGE =
      bytes("{\"object\":\"page\",\"data\":[],\"has_more\":false,\"next_page\":null}");

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static ReconciliationClient client;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of("llmproxy.reconciliation.max-export-size", "1KB"));
    admin = node.login();
    client = new ReconciliationClient(node.http(), admin);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theLedgerAloneIsReportedAndTheReportCanBeFetchedAgain() {
    node.route(admin, "demo", "mock", "mock-1");
    String key = node.issueKey(admin, "recon-http", List.of("demo"));
    node.chat(key, "demo", "hello").expectStatus().isOk();

    JsonNode report = client.reconcile("mock", "openai-json", EMPTY_PAGE);

    assertThat(report.path("id").asText()).startsWith("recon_");
    assertThat(report.path("provider").asText()).isEqualTo("mock");
    assertThat(report.path("format").asText()).isEqualTo("openai-json");
    assertThat(report.path("matches").asBoolean()).isFalse();
    assertThat(report.path("only_in_ledger").findValuesAsText("model")).containsExactly("mock-1");
    assertThat(report.path("only_in_ledger").get(0).path("requests").asLong()).isEqualTo(1);
    JsonNode again =
        client
            .get(report.path("id").asText())
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    assertThat(again).isEqualTo(report);
  }

  @Test
  void theAnswerPointsAtTheKeptReport() {
    String location =
        client
            .post(
                "provider=mock&format=openai-json&" + PERIOD,
                EMPTY_PAGE,
                MediaType.APPLICATION_JSON)
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getLocation()
            .toString();
    assertThat(location).startsWith("/admin/reconciliations/recon_");
  }

  @Test
  void anUnknownReportIs404() {
    client
        .get("recon_000000000000000000")
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error");
  }

  @Test
  void aMalformedExportIs400NamingTheLineAndColumn() {
    byte[] csv =
        bytes(
            "start_time_iso,model,num_model_requests,input_tokens,output_tokens\n"
                + "2026-01-02T00:00:00+00:00,gpt-4o,1,10,lots\n");

    client
        .post("provider=openai&format=openai-csv&" + PERIOD, csv, new MediaType("text", "csv"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error")
        .jsonPath("$.error.message")
        .isEqualTo(
            "the export is not valid openai-csv: line 2, output_tokens: \"lots\" is not a number");
  }

  @Test
  void badParametersAre400NamingTheParameter() {
    expectBadRequest("provider=openai&format=xml&" + PERIOD, "format must be one of openai-json");
    expectBadRequest("format=openai-json&" + PERIOD, "provider is required");
    expectBadRequest("provider=openai&format=openai-json&from=2026-01-01", "to is required");
    expectBadRequest(
        "provider=openai&format=openai-json&from=2026-02-01&to=2026-01-01",
        "to must be the same day as from or later");
    expectBadRequest(
        "provider=openai&format=openai-json&from=2024-01-01&to=2026-01-01",
        "the period can be at most 366 days");
    expectBadRequest(
        "provider=openai&format=openai-json&tolerance_tokens=-1&" + PERIOD,
        "tolerance_tokens must be a whole number");
    expectBadRequest("provider=a/b&format=openai-json&" + PERIOD, "provider must be");
  }

  @Test
  void anEmptyBodyIs400() {
    client
        .post(
            "provider=openai&format=openai-json&" + PERIOD, new byte[0], MediaType.APPLICATION_JSON)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("the request body must be the provider's usage export");
  }

  @Test
  void anExportOverTheConfiguredSizeIs413() {
    byte[] large = new byte[2048];
    Arrays.fill(large, (byte) ' ');
    client
        .post("provider=openai&format=openai-json&" + PERIOD, large, MediaType.APPLICATION_JSON)
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains("max-export-size (1024 bytes)"));
  }

  @Test
  void onlyAdministratorsMayReconcile() {
    node.http()
        .post()
        .uri("/admin/reconciliations?provider=openai&format=openai-json&" + PERIOD)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(EMPTY_PAGE)
        .exchange()
        .expectStatus()
        .isUnauthorized();
    node.createUser(admin, "recon-viewer", "viewer", "a long enough password");
    new ReconciliationClient(node.http(), node.login("recon-viewer", "a long enough password"))
        .post(
            "provider=openai&format=openai-json&" + PERIOD, EMPTY_PAGE, MediaType.APPLICATION_JSON)
        .expectStatus()
        .isForbidden();
  }

  private static void expectBadRequest(String query, String messageStart) {
    client
        .post(query, EMPTY_PAGE, MediaType.APPLICATION_JSON)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).as(query).startsWith(messageStart));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
