package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** Bad input on every surface gets a 4xx in the error envelope, never a 500 or a stack trace. */
@EndToEnd
class ErrorContractTest {

  private static final int MAX_BODY = 64 * 1024;

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static String key;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of("llmproxy.max-request-size", MAX_BODY + "B"));
    admin = node.login();
    node.route(admin, "demo", "mock", "mock-1");
    node.route(admin, "private", "mock", "mock-1");
    key = node.issueKey(admin, "errors", List.of("demo"));
    WalkingSkeletonEndToEndTest.awaitKeyAccepted(node, key);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @ParameterizedTest(name = "{0} {1} with {2} -> {4} {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST|/v1/chat/completions|none|{\"model\":\"demo\",\"messages\":[]}|401|authentication_error",
        "POST|/v1/chat/completions|bogus|{\"model\":\"demo\",\"messages\":[]}|401|authentication_error",
        "POST|/v1/chat/completions|key|{not json|400|invalid_request_error",
        "POST|/v1/chat/completions|key|[1,2]|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"demo\"}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"demo\",\"messages\":\"hi\"}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"demo\",\"messages\":[7]}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"demo\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"demo\",\"stream\":true,\"stream_options\":[],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"demo\",\"n\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|404|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"private\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|404|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"private\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|404|invalid_request_error",
        "POST|/v1/completions|none|{\"model\":\"demo\",\"prompt\":\"x\"}|401|authentication_error",
        "POST|/v1/completions|key|{\"model\":\"demo\"}|400|invalid_request_error",
        "POST|/v1/completions|key|{\"model\":\"demo\",\"prompt\":[{\"a\":1}]}|400|invalid_request_error",
        "POST|/v1/completions|key|{\"model\":\"demo\",\"prompt\":7}|400|invalid_request_error",
        "POST|/v1/embeddings|key|{\"model\":\"demo\"}|400|invalid_request_error",
        "POST|/v1/embeddings|key|{\"model\":\"demo\",\"input\":[]}|400|invalid_request_error",
        "POST|/v1/embeddings|key|{\"model\":\"other\",\"input\":\"x\"}|404|invalid_request_error",
        "POST|/v1/embeddings|bogus|{\"model\":\"demo\",\"input\":\"x\"}|401|authentication_error",
        "GET|/v1/models|none||401|authentication_error",
        "GET|/v1/models/other|key||404|invalid_request_error",
        "GET|/v1/models/private|key||404|invalid_request_error",
        "GET|/v1/chat/completions|key||405|invalid_request_error",
        "POST|/admin/keys|none|{\"name\":\"x\"}|401|authentication_error",
        "POST|/admin/keys|bogus|{\"name\":\"x\"}|401|authentication_error",
        "POST|/admin/keys|admin|{\"name\":\"\"}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"models\":\"demo\"}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"models\":[\"bad alias\"]}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"models\":[\"*\"],\"expires_at\":\"2001-01-01T00:00:00Z\"}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\"}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"models\":null}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"models\":[\"*\",\"demo\"]}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"models\":[null]}|400|invalid_request_error",
        "POST|/admin/keys|admin|{broken|400|invalid_request_error",
        "DELETE|/admin/keys/nosuchkey000|admin||404|invalid_request_error",
        "PUT|/admin/models/demo2|admin|{\"provider\":\"nope\",\"model\":\"m\"}|400|invalid_request_error",
        "PUT|/admin/models/demo2|admin|{\"provider\":\"mock\"}|400|invalid_request_error",
        "PUT|/admin/models/bad%20alias|admin|{\"provider\":\"mock\",\"model\":\"m\"}|400|invalid_request_error",
        "DELETE|/admin/models/never-configured|admin||404|invalid_request_error",
        "POST|/admin/session|none|{\"username\":\"admin\",\"password\":\"wrong\"}|401|authentication_error",
        "POST|/admin/session|none|{\"username\":\"admin\"}|400|invalid_request_error",
        "POST|/admin/session|none|nonsense|400|invalid_request_error",
        "GET|/api/usage/summary|none||401|authentication_error",
        "GET|/api/usage/summary?from=yesterday|admin||400|invalid_request_error",
        "GET|/api/usage/summary?from=2026-01-01T10:30:00Z|admin||400|invalid_request_error",
        "GET|/api/usage/summary?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z|admin||400|invalid_request_error",
        "GET|/api/usage/summary?groupBy=colour|admin||400|invalid_request_error",
        "GET|/no/such/page|none||404|invalid_request_error",
      })
  void badInputGetsTheErrorEnvelope(
      String method, String path, String auth, String body, int status, String type) {
    WebTestClient.RequestBodySpec request =
        node.http().method(HttpMethod.valueOf(method)).uri(path);
    switch (auth) {
      case "key" -> request.header("Authorization", "Bearer " + key);
      case "admin" -> request.header("Authorization", "Bearer " + admin);
      case "bogus" -> request.header("Authorization", "Bearer not-a-real-token");
      default -> {}
    }
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
    request
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo(type)
        .jsonPath("$.error.message")
        .value(message -> assertThat(message.toString()).isNotBlank().doesNotContain("Exception"));
  }

  @Test
  void aBodyOverTheLimitIs413WhetherAnnouncedOrChunked() {
    String padding = "x".repeat(MAX_BODY);
    String body =
        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + padding + "\"}]}";
    node.chat(key, body)
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request_too_large");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    node.http()
        .post()
        .uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Flux.range(0, bytes.length / 1024 + 1)
                .map(
                    i ->
                        DefaultDataBufferFactory.sharedInstance.wrap(
                            Arrays.copyOfRange(
                                bytes, i * 1024, Math.min(bytes.length, (i + 1) * 1024)))),
            DataBuffer.class)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error");
  }

  @Test
  void everyAnswerCarriesARequestIdAndAWellFormedCallerIdIsEchoed() {
    node.http()
        .get()
        .uri("/v1/models")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .value("x-request-id", id -> assertThat(id).startsWith("req_"));
    node.http()
        .get()
        .uri("/v1/models")
        .header("Authorization", "Bearer " + key)
        .header("x-request-id", "client-trace-42")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("x-request-id", "client-trace-42");
    node.http()
        .get()
        .uri("/v1/models")
        .header("Authorization", "Bearer " + key)
        .header("x-request-id", "has spaces in it")
        .exchange()
        .expectHeader()
        .value("x-request-id", id -> assertThat(id).startsWith("req_"));
  }

  @Test
  void theDashboardPlaceholderIsServedAtTheRoot() {
    node.http()
        .get()
        .uri("/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(html -> assertThat(html).contains("LLM Proxy"));
  }

  @Test
  void healthIsPublic() {
    node.http().get().uri("/actuator/health").exchange().expectStatus().isOk();
  }
}
