package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.budget.RecordedReservations.RecordingCostCeiling;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.BillingUpstreamStub;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Whatever numbers a client sends, on each front door: a request the APIs' ranges allow is answered
 * and its reservation is never below the cost then recorded, even when the upstream bills every
 * token the request allowed and every definition it carried; any other request is a 400 in its
 * API's shape naming a field that is out of range, and nothing is reserved or sent for it.
 */
@EndToEnd
class ReservationCoversCostTest {

  private static final long SEED = 20_261_207L;
  private static final int REQUESTS = 240;
  private static final long CAPPED_MAX = 16_384;
  private static final long DEFAULT_MAX = 100_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static BillingUpstreamStub capped;
  private static BillingUpstreamStub uncapped;
  private static ProxyNode node;
  private static String key;

  @BeforeAll
  static void start() throws IOException {
    capped = new BillingUpstreamStub(CAPPED_MAX);
    uncapped = new BillingUpstreamStub(DEFAULT_MAX);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("llmproxy.providers.capped.kind", "openai-compatible");
    settings.put("llmproxy.providers.capped.base-url", capped.baseUrl());
    settings.put("llmproxy.providers.uncapped.kind", "openai-compatible");
    settings.put("llmproxy.providers.uncapped.base-url", uncapped.baseUrl());
    settings.put("llmproxy.budget.default-max-output-tokens", DEFAULT_MAX);
    node = ProxyNode.start(dataDir, settings, RecordedReservations.class);
    String admin = node.login();
    route(
        admin,
        "capped",
        Map.of("provider", "capped", "model", "gpt-4o", "max_output_tokens", CAPPED_MAX));
    route(admin, "uncapped", Map.of("provider", "uncapped", "model", "gpt-4o"));
    key =
        node.issueKey(
            admin,
            Map.of(
                "name",
                "property",
                "models",
                List.of("*"),
                "budget",
                Map.of("limit_usd", "1000000", "period", "lifetime")));
  }

  @AfterAll
  static void stop() {
    node.close();
    capped.close();
    uncapped.close();
  }

  @Test
  void everyAdmittedRequestReservesAtLeastItsCostAndEveryInvalidOneIsRefusedNamingTheField() {
    RecordingCostCeiling ceiling = node.bean(RecordingCostCeiling.class);
    RandomRequests requests =
        new RandomRequests(SEED, Map.of("capped", CAPPED_MAX, "uncapped", DEFAULT_MAX));
    int answered = 0;
    int refused = 0;
    for (int i = 0; i < REQUESTS; i++) {
      RandomRequests.Generated request = requests.next();
      String seen = "request " + i + " (seed " + SEED + "): " + shortened(request.body());
      int entriesBefore = node.ledger(ProxyNode.keyId(key)).size();
      EntityExchangeResult<byte[]> result = send(request);
      int status = result.getStatus().value();
      String answer = new String(orEmpty(result.getResponseBody()), StandardCharsets.UTF_8);
      if (request.invalidFields().isEmpty()) {
        assertThat(status).as(seen + " -> " + answer).isEqualTo(200);
        List<UsageRecorded> entries = node.ledger(ProxyNode.keyId(key));
        assertThat(entries).as(seen).hasSize(entriesBefore + 1);
        BigDecimal cost = entries.get(entries.size() - 1).cost();
        BigDecimal reserved = ceiling.takeLast();
        assertThat(cost).as(seen).isNotNull().isPositive();
        assertThat(reserved).as(seen + " reserved").isGreaterThanOrEqualTo(cost);
        answered++;
      } else {
        assertThat(status).as(seen + " -> " + answer).isEqualTo(400);
        assertNamesAnInvalidField(request, answer, seen);
        assertThat(ceiling.takeLast()).as(seen + ": nothing reserved").isNull();
        assertThat(node.ledger(ProxyNode.keyId(key))).as(seen).hasSize(entriesBefore);
        refused++;
      }
    }
    assertThat(answered).as("answered").isGreaterThan(REQUESTS / 5);
    assertThat(refused).as("refused").isGreaterThan(REQUESTS / 5);
    for (BillingUpstreamStub upstream : List.of(capped, uncapped)) {
      for (JsonNode sent : upstream.received()) {
        for (String field : List.of("temperature", "max_tokens", "max_completion_tokens", "n")) {
          assertThat(
                  sent.path(field).isMissingNode()
                      || sent.path(field).isNull()
                      || sent.path(field).isNumber())
              .as("%s forwarded as a number in %s", field, shortened(sent.toString()))
              .isTrue();
        }
      }
    }
  }

  @Test
  void aRouteMaximumOutputMustBePositiveAndBounded() {
    String admin = node.login();
    for (Object bad : List.of(0, -1, 10_000_001, "many", 2.5)) {
      node.http()
          .put()
          .uri("/admin/models/{alias}", "bad-max")
          .header("Authorization", "Bearer " + admin)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("provider", "capped", "model", "gpt-4o", "max_output_tokens", bad))
          .exchange()
          .expectStatus()
          .isBadRequest();
    }
    node.http()
        .get()
        .uri("/v1/models/bad-max")
        .header("Authorization", "Bearer " + key)
        .exchange()
        .expectStatus()
        .isNotFound();
    JsonNode listed =
        node.http()
            .get()
            .uri("/api/models")
            .header("Authorization", "Bearer " + admin)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    Map<String, JsonNode> byAlias = new LinkedHashMap<>();
    listed.path("data").forEach(route -> byAlias.put(route.path("alias").asText(), route));
    assertThat(byAlias.get("capped").path("max_output_tokens").asLong()).isEqualTo(CAPPED_MAX);
    assertThat(byAlias.get("uncapped").path("max_output_tokens").isNull()).isTrue();
  }

  private static void assertNamesAnInvalidField(
      RandomRequests.Generated request, String answer, String seen) {
    JsonNode body;
    try {
      body = JSON.readTree(answer);
    } catch (IOException e) {
      throw new AssertionError(seen + ": the refusal is not JSON: " + answer, e);
    }
    if (request.path().equals(RandomRequests.MESSAGES)) {
      assertThat(body.path("type").asText()).as(seen).isEqualTo("error");
      assertThat(body.path("error").path("type").asText())
          .as(seen)
          .isEqualTo("invalid_request_error");
      String message = body.path("error").path("message").asText();
      assertThat(request.invalidFields())
          .as(seen + ": " + message)
          .anyMatch(field -> message.startsWith(field + ":"));
    } else {
      assertThat(body.path("error").path("type").asText())
          .as(seen)
          .isEqualTo("invalid_request_error");
      assertThat(request.invalidFields())
          .as(seen + ": " + answer)
          .contains(body.path("error").path("param").asText());
    }
  }

  private static EntityExchangeResult<byte[]> send(RandomRequests.Generated request) {
    return node.http()
        .post()
        .uri(request.path())
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(request.body().getBytes(StandardCharsets.UTF_8))
        .exchange()
        .expectBody()
        .returnResult();
  }

  private static void route(String admin, String alias, Map<String, Object> body) {
    JsonNode configured =
        node.http()
            .put()
            .uri("/admin/models/{alias}", alias)
            .header("Authorization", "Bearer " + admin)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    if (body.containsKey("max_output_tokens")) {
      assertThat(configured.path("max_output_tokens").asLong())
          .isEqualTo(((Number) body.get("max_output_tokens")).longValue());
    }
  }

  private static byte[] orEmpty(byte[] bytes) {
    return bytes == null ? new byte[0] : bytes;
  }

  private static String shortened(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "…";
  }
}
