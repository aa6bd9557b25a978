package io.llmproxy.app;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/**
 * The bootstrap password read from a secret file (as docker-compose.yml mounts it) wins over the
 * property, so the password needs to be in no environment variable.
 */
@EndToEnd
class AdminPasswordFileTest {

  @TempDir Path dataDir;
  @TempDir Path secrets;

  @Test
  void theBootstrapAdminSignsInWithThePasswordFromTheFile() throws Exception {
    Path file = secrets.resolve("admin_password");
    Files.writeString(file, "from a secret file, 2026\n", StandardCharsets.UTF_8);
    try (ProxyNode node =
        ProxyNode.start(dataDir, Map.of("llmproxy.admin-password-file", file.toString()))) {
      node.login("admin", "from a secret file, 2026");
      node.http()
          .post()
          .uri("/admin/session")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("username", "admin", "password", ProxyNode.ADMIN_PASSWORD))
          .exchange()
          .expectStatus()
          .isUnauthorized();
    }
  }
}
