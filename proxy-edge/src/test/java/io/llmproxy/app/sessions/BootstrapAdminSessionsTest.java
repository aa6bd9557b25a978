package io.llmproxy.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.sessions.AdminSessionStreams;
import io.llmproxy.kernel.sessions.AdminSessionsEnded;
import io.llmproxy.kernel.sessions.BootstrapCredentialRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The bootstrap administrator comes from configuration, yet its sessions end like an admin user's:
 * a node started with another password (configured, or as the stored hash) ends every session begun
 * with the old one; a restart with the same credential ends none.
 */
@EndToEnd
class BootstrapAdminSessionsTest {

  private static final String FIRST = "first bootstrap password";
  private static final String SECOND = "second bootstrap password";
  private static final String THIRD = "third, from the hash file";

  @TempDir Path dataDir;

  @Test
  void aChangedBootstrapPasswordEndsItsEarlierSessionsAndAnUnchangedOneEndsNone()
      throws IOException {
    String first;
    try (ProxyNode node = start(FIRST)) {
      first = node.login("admin", FIRST);
      expectStatus(node, first, 200);
      assertThat(recorded(node)).containsExactly("recorded");
    }
    String second;
    try (ProxyNode node = start(FIRST)) {
      expectStatus(node, first, 200);
      assertThat(recorded(node)).containsExactly("recorded");
    }
    try (ProxyNode node = start(SECOND)) {
      expectStatus(node, first, 401);
      expectSignIn(node, FIRST, 401);
      second = node.login("admin", SECOND);
      expectStatus(node, second, 200);
      assertThat(recorded(node)).containsExactly("recorded", "recorded", "ended at 1");
    }

    // no password configured: the stored hash is the credential
    Files.writeString(
        dataDir.resolve("admin-password.bcrypt"),
        new BCryptPasswordEncoder().encode(THIRD),
        StandardCharsets.US_ASCII);
    String third;
    try (ProxyNode node = start("")) {
      expectStatus(node, second, 401);
      third = node.login("admin", THIRD);
      expectStatus(node, third, 200);
    }
    try (ProxyNode node = start("")) {
      expectStatus(node, third, 200);
      assertThat(recorded(node))
          .containsExactly("recorded", "recorded", "ended at 1", "recorded", "ended at 2");
    }
  }

  private ProxyNode start(String password) {
    return ProxyNode.start(dataDir, Map.of("llmproxy.admin-password", password));
  }

  /** The bootstrap administrator's session events, in order. */
  private static List<String> recorded(ProxyNode node) {
    return node.bean(EventStore.class)
        .readEvents(AdminSessionStreams.of("admin"))
        .asStream()
        .map(message -> message.getPayload())
        .map(BootstrapAdminSessionsTest::describe)
        .toList();
  }

  private static String describe(Object payload) {
    if (payload instanceof AdminSessionsEnded ended) {
      return "ended at " + ended.generation();
    }
    return payload instanceof BootstrapCredentialRecorded
        ? "recorded"
        : payload.getClass().getSimpleName();
  }

  private static void expectStatus(ProxyNode node, String token, int status) {
    node.http()
        .get()
        .uri("/api/usage/summary")
        .header("Authorization", "Bearer " + token)
        .exchange()
        .expectStatus()
        .isEqualTo(status);
  }

  private static void expectSignIn(ProxyNode node, String password, int status) {
    node.http()
        .post()
        .uri("/admin/session")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", "admin", "password", password))
        .exchange()
        .expectStatus()
        .isEqualTo(status);
  }
}
