package io.llmproxy.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUsernames;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.LiveFeed;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Sessions end when they must, on every node: two instances on one SQLite file (as in
 * TwoNodeKeyPropagationTest). A token signed out, or a session generation ended by a password reset
 * or a sign-out everywhere, on one node is refused by the other within a registry poll.
 */
@EndToEnd
class AdminSignOutTest {

  private static final String PASSWORD = "a long enough password";
  // a poll is 200 ms; the rest is headroom for a slow machine
  private static final Duration WITHIN = Duration.ofSeconds(2);
  private static final String SUMMARY = "/api/usage/summary";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static ProxyNode nodeA;
  private static ProxyNode nodeB;

  @BeforeAll
  static void start() {
    // the same-second test signs in often from one address
    Map<String, Object> properties = Map.of("llmproxy.login.address-attempts-per-minute", 1000);
    nodeA = ProxyNode.start(dataDir, properties);
    nodeB = ProxyNode.start(dataDir, properties);
  }

  @AfterAll
  static void stop() {
    nodeB.close();
    nodeA.close();
  }

  @Test
  void aSignedOutTokenIsRefusedAtOnceOnItsNodeAndWithinAPollOnTheOther() {
    createUser("sally", "viewer");
    String token = nodeA.login("sally", PASSWORD);
    String other = nodeA.login("sally", PASSWORD);
    awaitStatus(nodeB, token, 200, "the token is known");

    signOut(nodeA, token, "").expectStatus().isNoContent();
    get(nodeA, SUMMARY, token).expectStatus().isUnauthorized();
    awaitStatus(nodeB, token, 401, "signed out on A");
    get(nodeA, SUMMARY, other).expectStatus().isOk();
    get(nodeB, SUMMARY, other).expectStatus().isOk();
    signOut(nodeA, token, "").expectStatus().isUnauthorized();

    // and the other way round
    signOut(nodeB, other, "").expectStatus().isNoContent();
    awaitStatus(nodeA, other, 401, "signed out on B");
  }

  @Test
  void aPasswordResetOnOneNodeEndsTheSessionAndItsFeedOnTheOther() {
    createUser("petra", "viewer");
    String token = nodeA.login("petra", PASSWORD);
    awaitStatus(nodeB, token, 200, "the token is known");
    try (LiveFeed feedOnB = LiveFeed.open(nodeB, token)) {
      assertThat(feedOnB.isStreaming()).isTrue();
      patch(nodeA, nodeA.login(), "petra", Map.of("password", "an entirely new passphrase"));
      long reset = System.nanoTime();
      awaitStatus(nodeB, token, 401, "password reset on A");
      Duration ended = feedOnB.awaitEnd(reset, Duration.ofSeconds(5));
      System.out.printf("node B's feed ended %d ms after the reset on A%n", ended.toMillis());
    }
    get(nodeB, SUMMARY, nodeB.login("petra", "an entirely new passphrase")).expectStatus().isOk();
  }

  @Test
  void signingOutEverywhereEndsEverySessionOfThatUserOnEveryNode() {
    createUser("eve-ops", "admin");
    String onA = nodeA.login("eve-ops", PASSWORD);
    String onB = nodeB.login("eve-ops", PASSWORD);
    String bystander = nodeA.login();
    awaitStatus(nodeB, onA, 200, "the token is known");
    awaitStatus(nodeA, onB, 200, "the token is known");

    signOut(nodeB, onB, "?everywhere=true").expectStatus().isNoContent();
    get(nodeB, SUMMARY, onA).expectStatus().isUnauthorized();
    awaitStatus(nodeA, onA, 401, "everywhere, on B");
    awaitStatus(nodeA, onB, 401, "everywhere, on B");
    get(nodeA, SUMMARY, bystander).expectStatus().isOk();
    get(nodeA, SUMMARY, nodeA.login("eve-ops", PASSWORD)).expectStatus().isOk();
  }

  @Test
  void theBootstrapAdministratorCanSignOutEverywhereToo() {
    String first = nodeA.login();
    String second = nodeB.login();
    awaitStatus(nodeA, second, 200, "the token is known");
    signOut(nodeA, first, "?everywhere=true").expectStatus().isNoContent();
    awaitStatus(nodeA, second, 401, "everywhere");
    awaitStatus(nodeB, first, 401, "everywhere");
    get(nodeB, SUMMARY, nodeB.login()).expectStatus().isOk();
  }

  @Test
  void aViewerMaySignOutButOnlyWithATokenAndAClearRequest() {
    createUser("vic", "viewer");
    String viewer = nodeA.login("vic", PASSWORD);
    signOut(nodeA, viewer, "?everywhere=maybe")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.param")
        .isEqualTo("everywhere");
    nodeA
        .http()
        .delete()
        .uri("/admin/session")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("invalid_token");
    signOut(nodeA, viewer, "?everywhere=false").expectStatus().isNoContent();
    get(nodeA, SUMMARY, viewer).expectStatus().isUnauthorized();
  }

  /**
   * Tokens carry whole seconds, so a reset and the sign-ins on either side of it can share one. The
   * rule before session generations (a token counted if issued no earlier than the second of the
   * last reset) kept the earlier token alive; by generation it is refused and the later one
   * accepted.
   */
  @Test
  void aResetInTheSameSecondAsASignInEndsThatSessionButNotTheOneBegunRightAfter()
      throws InterruptedException {
    createUser("sam", "viewer");
    String admin = nodeA.login();
    String password = PASSWORD;
    for (int attempt = 1; attempt <= 20; attempt++) {
      // starting just after a second begins leaves the whole second for the three steps
      Thread.sleep(1_020 - System.currentTimeMillis() % 1_000);
      String before = nodeA.login("sam", password);
      password = "new passphrase number " + attempt;
      patch(nodeA, admin, "sam", Map.of("password", password));
      String after = nodeA.login("sam", password);
      Instant resetAt = lastResetOf("sam");
      long second = resetAt.getEpochSecond();
      if (issuedAt(before) != second || issuedAt(after) != second) {
        continue;
      }
      boolean secondsRuleAccepts =
          !Instant.ofEpochSecond(issuedAt(before))
              .isBefore(resetAt.truncatedTo(ChronoUnit.SECONDS));
      assertThat(secondsRuleAccepts)
          .as("the old seconds-based rule keeps the earlier token")
          .isTrue();
      System.out.printf("sign-in, reset and sign-in in one second after %d attempts%n", attempt);
      get(nodeA, SUMMARY, before).expectStatus().isUnauthorized();
      get(nodeA, SUMMARY, after).expectStatus().isOk();
      awaitStatus(nodeB, before, 401, "reset in the same second");
      get(nodeB, SUMMARY, after).expectStatus().isOk();
      return;
    }
    fail("twenty attempts never put a sign-in, a reset and a sign-in in one second");
  }

  private static Instant lastResetOf(String username) {
    return nodeA
        .bean(EventStore.class)
        .readEvents(AdminUsernames.streamId(username))
        .asStream()
        .map(message -> message.getPayload())
        .filter(AdminUserPasswordReset.class::isInstance)
        .map(payload -> ((AdminUserPasswordReset) payload).resetAt())
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  private static long issuedAt(String token) {
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
      return claims.path("iat").asLong();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitStatus(ProxyNode node, String token, int status, String change) {
    long started = System.nanoTime();
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                get(node, SUMMARY, token).returnResult(String.class).getStatus().value() == status);
    System.out.printf(
        "%s answered %d after %d ms (%s)%n",
        node == nodeA ? "node A" : "node B",
        status,
        (System.nanoTime() - started) / 1_000_000,
        change);
  }

  private static void createUser(String username, String role) {
    nodeA.createUser(nodeA.login(), username, role, PASSWORD);
    await().atMost(WITHIN).until(() -> loginStatus(nodeB, username) == 200);
  }

  private static int loginStatus(ProxyNode node, String username) {
    return node.http()
        .post()
        .uri("/admin/session")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", username, "password", PASSWORD))
        .exchange()
        .returnResult(String.class)
        .getStatus()
        .value();
  }

  private static void patch(
      ProxyNode node, String admin, String username, Map<String, Object> body) {
    node.http()
        .patch()
        .uri("/admin/users/{username}", username)
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isNoContent();
  }

  private static WebTestClient.ResponseSpec signOut(ProxyNode node, String token, String query) {
    return node.http()
        .delete()
        .uri("/admin/session" + query)
        .header("Authorization", "Bearer " + token)
        .exchange();
  }

  private static WebTestClient.ResponseSpec get(ProxyNode node, String uri, String token) {
    return node.http().get().uri(uri).header("Authorization", "Bearer " + token).exchange();
  }
}
