package io.llmproxy.app;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Suspend, resume and revoke over the admin API, as the edge sees them at once. */
@EndToEnd
class KeyLifecycleTest {

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    node.route(admin, "demo", "mock", "mock-1");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aSuspendedKeyIsRefusedUntilResumedAndARevokedOneForGood() {
    String key = node.issueKey(admin, "lifecycle", List.of("demo"));
    String id = ProxyNode.keyId(key);
    chat(key).expectStatus().isOk();

    action(id, "suspend").expectStatus().isNoContent();
    chat(key)
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("This API key is suspended.");
    action(id, "suspend").expectStatus().isNoContent();

    action(id, "resume").expectStatus().isNoContent();
    chat(key).expectStatus().isOk();

    action(id, "revoke").expectStatus().isNoContent();
    chat(key).expectStatus().isUnauthorized();
    action(id, "resume")
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error");
    action("nosuchkey000", "suspend").expectStatus().isNotFound();
  }

  private static WebTestClient.ResponseSpec action(String keyId, String action) {
    return node.http()
        .post()
        .uri("/admin/keys/{id}/{action}", keyId, action)
        .header("Authorization", "Bearer " + admin)
        .exchange();
  }

  private static WebTestClient.ResponseSpec chat(String key) {
    return node.chat(key, "demo", "hi");
  }
}
