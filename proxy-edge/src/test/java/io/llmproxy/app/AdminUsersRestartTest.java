package io.llmproxy.app;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/** Admin users come back from the event store after a restart, in their latest state. */
@EndToEnd
class AdminUsersRestartTest {

  private static final String PASSWORD = "a long enough password";

  @TempDir Path dataDir;

  @Test
  void aRestartedNodeKnowsEveryUserAsTheyWereLastChanged() {
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String admin = node.login();
      node.createUser(admin, "vera", "viewer", PASSWORD);
      node.createUser(admin, "dora", "admin", PASSWORD);
      node.http()
          .patch()
          .uri("/admin/users/dora")
          .header("Authorization", "Bearer " + admin)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("disabled", true))
          .exchange()
          .expectStatus()
          .isNoContent();
    }
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String vera = node.login("vera", PASSWORD);
      node.http()
          .get()
          .uri("/api/usage/summary")
          .header("Authorization", "Bearer " + vera)
          .exchange()
          .expectStatus()
          .isOk();
      node.http()
          .post()
          .uri("/admin/session")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("username", "dora", "password", PASSWORD))
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("invalid_credentials");
    }
  }
}
