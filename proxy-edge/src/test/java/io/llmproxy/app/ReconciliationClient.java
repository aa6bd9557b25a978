package io.llmproxy.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Uploads exports to {@code POST /admin/reconciliations} as an administrator. */
final class ReconciliationClient {

  private final WebTestClient http;
  private final String adminToken;

  ReconciliationClient(WebTestClient http, String adminToken) {
    this.http = http;
    this.adminToken = adminToken;
  }

  /** Reconciles the days around today (UTC), which hold all of a test's traffic; expects 200. */
  JsonNode reconcile(String provider, String format, byte[] export) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String query =
        "provider="
            + provider
            + "&format="
            + format
            + "&from="
            + today.minusDays(1)
            + "&to="
            + today.plusDays(1);
    return post(query, export, contentType(format))
        .expectStatus()
        .isOk()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  WebTestClient.ResponseSpec post(String query, byte[] export, MediaType contentType) {
    return http.post()
        .uri("/admin/reconciliations?" + query)
        .header("Authorization", "Bearer " + adminToken)
        .contentType(contentType)
        .bodyValue(export)
        .exchange();
  }

  WebTestClient.ResponseSpec get(String id) {
    return http.get()
        .uri("/admin/reconciliations/{id}", id)
        .header("Authorization", "Bearer " + adminToken)
        .exchange();
  }

  private static MediaType contentType(String format) {
    return format.endsWith("csv") ? new MediaType("text", "csv") : MediaType.APPLICATION_JSON;
  }
}
