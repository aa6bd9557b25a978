package io.llmproxy.app.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Refusals Spring or Jackson make are worded for the client: before, a 415 (even unauthenticated,
 * on the sign-in) read {@code bodyType=io.llmproxy.edge.adminauth.SessionRequest}, and a JSON error
 * on /v1 named {@code com.fasterxml.jackson.databind.JsonNode}, {@code DeserializationFeature} or
 * {@code StreamReadConstraints}.
 */
@EndToEnd
class PlainErrorBodiesTest {

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static String key;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    node.route(admin, "plain", "mock", "mock-1");
    key = node.issueKey(admin, "plain", List.of("*"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aWrongContentTypeOnTheSignInNamesTheTypeToSendAndNoJavaType() {
    EntityExchangeResult<JsonNode> result =
        node.http()
            .post()
            .uri("/admin/session")
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("{\"username\":\"admin\",\"password\":\"x\"}")
            .exchange()
            .expectStatus()
            .isEqualTo(415)
            .expectBody(JsonNode.class)
            .returnResult();
    assertThat(result.getResponseBody().path("error").path("message").asText())
        .isEqualTo("Content type 'text/plain' is not accepted here; send application/json.");
  }

  @Test
  void aMethodNoHandlerHasIsAPlain405WithItsAllowHeader() {
    EntityExchangeResult<JsonNode> result =
        node.http()
            .put()
            .uri("/admin/session")
            .header("Authorization", "Bearer " + admin)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange()
            .expectStatus()
            .isEqualTo(405)
            .expectBody(JsonNode.class)
            .returnResult();
    assertThat(result.getResponseBody().path("error").path("message").asText())
        .isEqualTo("Method PUT is not allowed on this path; allowed: DELETE, POST.");
    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.ALLOW)).contains("POST");
  }

  @Test
  void jsonErrorsOnV1SayWhatIsWrongWithoutNamingTheParser() {
    assertThat(v1Error("{\"model\":\"plain\"} {\"x\":1}"))
        .startsWith("The request body holds more than one JSON value");
    assertThat(v1Error("{\"model\":" + "1".repeat(1200) + "}"))
        .startsWith("The JSON body exceeds a parser limit");
    assertThat(v1Error("{\"x\":" + "[".repeat(1100) + "]".repeat(1100) + "}"))
        .startsWith("The JSON body exceeds a parser limit");
    assertThat(v1Error("{\"model\":tru}"))
        .startsWith("We could not parse the JSON body of your request: ");
  }

  private static String v1Error(String body) {
    String message =
        node.chat(key, body)
            .expectStatus()
            .isBadRequest()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody()
            .path("error")
            .path("message")
            .asText();
    assertThat(message)
        .doesNotContain(
            "com.fasterxml", "JsonNode", "DeserializationFeature", "StreamReadConstraints")
        .doesNotContain("`");
    return message;
  }
}
