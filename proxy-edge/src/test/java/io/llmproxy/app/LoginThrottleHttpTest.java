package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Password guessing at {@code POST /admin/session} with the default limits: five failures per user
 * name a minute. Every test here signs in from the same address, well under its 20 a minute.
 */
class LoginThrottleHttpTest {

  private static final String PASSWORD = "a long enough password";

  @TempDir static Path dataDir;

  private static ProxyNode node;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    String admin = node.login();
    node.createUser(admin, "olga", "viewer", PASSWORD);
    node.createUser(admin, "petra", "viewer", PASSWORD);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theSixthAttemptAfterFiveWrongPasswordsIs429EvenWithTheRightOne() {
    for (int attempt = 1; attempt <= 5; attempt++) {
      login("admin", "wrong password " + attempt)
          .expectStatus()
          .isUnauthorized()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("invalid_credentials");
    }
    login("admin", ProxyNode.ADMIN_PASSWORD)
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .value("Retry-After", value -> assertThat(Integer.parseInt(value)).isBetween(1, 60))
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("rate_limit_error")
        .jsonPath("$.error.code")
        .isEqualTo("too_many_login_attempts");
    login("olga", PASSWORD)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.role")
        .isEqualTo("viewer");
  }

  @Test
  void aSuccessfulSignInForgivesEarlierFailures() {
    for (int round = 0; round < 2; round++) {
      for (int attempt = 1; attempt <= 4; attempt++) {
        login("petra", "wrong password " + attempt)
            .expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.error.code")
            .isEqualTo("invalid_credentials");
      }
      login("petra", PASSWORD).expectStatus().isOk().expectBody().jsonPath("$.token").isNotEmpty();
    }
  }

  private static WebTestClient.ResponseSpec login(String username, String password) {
    return node.http()
        .post()
        .uri("/admin/session")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", username, "password", password))
        .exchange();
  }
}
