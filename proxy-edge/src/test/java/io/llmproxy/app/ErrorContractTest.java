package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Bad input on every surface gets a 4xx in the error envelope, never a 500 or a stack trace. */
class ErrorContractTest {

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static String key;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    WalkingSkeletonEndToEndTest.configureRoute(node, admin, "demo", "mock", "mock-1");
    key = WalkingSkeletonEndToEndTest.issueKey(node, admin, "errors", List.of("demo"));
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
        "POST|/v1/chat/completions|key|{\"model\":\"demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|invalid_request_error",
        "POST|/v1/chat/completions|key|{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|404|invalid_request_error",
        "GET|/v1/chat/completions|key||405|invalid_request_error",
        "POST|/admin/keys|none|{\"name\":\"x\"}|401|authentication_error",
        "POST|/admin/keys|bogus|{\"name\":\"x\"}|401|authentication_error",
        "POST|/admin/keys|admin|{\"name\":\"\"}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"models\":\"demo\"}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"models\":[\"bad alias\"]}|400|invalid_request_error",
        "POST|/admin/keys|admin|{\"name\":\"x\",\"expires_at\":\"2001-01-01T00:00:00Z\"}|400|invalid_request_error",
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
