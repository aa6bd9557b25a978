package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * Password guessing at {@code POST /admin/session} with the default limits (five free failures per
 * user name and client address, then a doubling wait; 20 attempts a minute per address), from
 * several client addresses: Linux routes all of 127.0.0.0/8 to the loopback interface, so a client
 * bound to 127.0.0.2 is another address to the server. The tables remember only 16 entries each, so
 * that filling them takes a few dozen requests.
 */
@EndToEnd
class LoginThrottleHttpTest {

  private static final String PASSWORD = "a long enough password";
  private static final int TRACKED = 16;

  @TempDir static Path dataDir;

  private static ProxyNode node;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of("llmproxy.login.max-tracked", TRACKED));
    String admin = node.login();
    node.createUser(admin, "olga", "viewer", PASSWORD);
    node.createUser(admin, "petra", "viewer", PASSWORD);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void fiftyWrongPasswordsFromOneAddressDoNotStopTheRightOneFromAnother() {
    List<Integer> statuses = new ArrayList<>();
    for (int attempt = 1; attempt <= 50; attempt++) {
      statuses.add(status(login("127.0.0.2", "admin", "wrong password " + attempt)));
    }
    assertThat(statuses.subList(0, 5)).containsOnly(401);
    assertThat(statuses).containsOnly(401, 429);
    // the address's 20 a minute bound the guesses the server hashes, whatever the backoff
    assertThat(statuses.stream().filter(s -> s == 401).count()).isBetween(5L, 20L);

    tooManyAttempts(login("127.0.0.2", "admin", ProxyNode.ADMIN_PASSWORD));
    login("127.0.0.3", "admin", ProxyNode.ADMIN_PASSWORD)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.role")
        .isEqualTo("admin");
  }

  @Test
  void aSuccessfulSignInForgivesEarlierFailures() {
    for (int round = 0; round < 2; round++) {
      for (int attempt = 1; attempt <= 4; attempt++) {
        login("127.0.0.4", "petra", "wrong password " + attempt)
            .expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.error.code")
            .isEqualTo("invalid_credentials");
      }
      login("127.0.0.4", "petra", PASSWORD)
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.token")
          .isNotEmpty();
    }
  }

  @Test
  void tablesFilledWithOtherNamesFromOtherAddressesDoNotBlockANewUser() {
    for (int i = 1; i <= 3 * TRACKED; i++) {
      login("127.0.1." + i, "intruder" + i, "wrong password").expectStatus().isUnauthorized();
    }
    login("127.0.2.1", "olga", PASSWORD)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.role")
        .isEqualTo("viewer");
  }

  private static void tooManyAttempts(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .value("Retry-After", value -> assertThat(Integer.parseInt(value)).isBetween(1, 900))
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("rate_limit_error")
        .jsonPath("$.error.code")
        .isEqualTo("too_many_login_attempts");
  }

  private static int status(WebTestClient.ResponseSpec response) {
    return response.expectBody().returnResult().getStatus().value();
  }

  /** A sign-in over a fresh connection from {@code localAddress}. */
  private static WebTestClient.ResponseSpec login(
      String localAddress, String username, String password) {
    HttpClient from =
        HttpClient.newConnection().bindAddress(() -> new InetSocketAddress(localAddress, 0));
    return WebTestClient.bindToServer(new ReactorClientHttpConnector(from))
        .baseUrl(node.baseUrl())
        .responseTimeout(Duration.ofSeconds(30))
        .build()
        .post()
        .uri("/admin/session")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", username, "password", password))
        .exchange();
  }
}
