package io.llmproxy.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.adminauth.AdminTokens;
import io.llmproxy.kernel.users.AdminRole;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUsernames;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/**
 * Revocation is exact, not by the second: tokens carry whole seconds, so a token issued in the same
 * second as a password reset or a disablement, or one whose issue time lies ahead of the server's
 * clock, was judged by times that could not tell it apart from a token issued after. Tokens now
 * carry their user's session generation, compared as a number, and an issue time further ahead than
 * the clock skew allowance is refused outright.
 */
@EndToEnd
class ExactRevocationTest {

  private static final byte[] SECRET = new byte[32];
  private static final String PASSWORD = "a long enough password";
  private static final String SUMMARY = "/api/usage/summary";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    new SecureRandom().nextBytes(SECRET);
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.jwt-secret",
                Base64.getEncoder().encodeToString(SECRET),
                // the same-second tests sign in often from one address
                "llmproxy.login.address-attempts-per-minute",
                1000));
    admin = node.login();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aTokenIssuedInTheSameSecondAsAPasswordResetIsRefusedAfterIt() throws Exception {
    node.createUser(admin, "rita", "viewer", PASSWORD);
    String password = PASSWORD;
    for (int attempt = 1; attempt <= 20; attempt++) {
      alignToSecond();
      String before = node.login("rita", password);
      password = "new passphrase number " + attempt;
      patch("rita", Map.of("password", password));
      Instant resetAt = last("rita", AdminUserPasswordReset.class, AdminUserPasswordReset::resetAt);
      if (issuedAt(before) != resetAt.getEpochSecond()) {
        continue;
      }
      System.out.printf("sign-in and reset in one second after %d attempts%n", attempt);
      assertStatus(before, 401);
      assertStatus(node.login("rita", password), 200);
      return;
    }
    fail("twenty attempts never put a sign-in and a reset in one second");
  }

  @Test
  void aTokenIssuedInTheSameSecondAsADisablementIsRefusedAndStaysRefusedAfterReEnabling()
      throws Exception {
    node.createUser(admin, "dina", "viewer", PASSWORD);
    for (int attempt = 1; attempt <= 20; attempt++) {
      alignToSecond();
      String before = node.login("dina", PASSWORD);
      patch("dina", Map.of("disabled", true));
      Instant disabledAt = last("dina", AdminUserDisabled.class, AdminUserDisabled::disabledAt);
      patch("dina", Map.of("disabled", false));
      if (issuedAt(before) != disabledAt.getEpochSecond()) {
        continue;
      }
      System.out.printf("sign-in and disablement in one second after %d attempts%n", attempt);
      assertStatus(before, 401);
      assertStatus(node.login("dina", PASSWORD), 200);
      return;
    }
    fail("twenty attempts never put a sign-in and a disablement in one second");
  }

  @Test
  void aTokenIssuedFarInTheFutureIsRefused() {
    node.createUser(admin, "fay", "viewer", PASSWORD);
    long generation = generationOf(node.login("fay", PASSWORD));
    String farAhead = tokenIssuedAhead("fay", generation, Duration.ofMinutes(10));
    String justBeyondSkew = tokenIssuedAhead("fay", generation, Duration.ofSeconds(45));
    assertStatus(farAhead, 401);
    assertStatus(justBeyondSkew, 401);
  }

  /**
   * A node whose clock runs a little ahead issues tokens with a future {@code iat}, accepted within
   * the skew allowance; such a token must still end with the password reset that follows it (by the
   * old rule, an issue time after the reset's second kept it alive).
   */
  @Test
  void aTokenIssuedAheadWithinTheSkewDoesNotOutliveAReset() {
    node.createUser(admin, "gus", "viewer", PASSWORD);
    long generation = generationOf(node.login("gus", PASSWORD));
    String ahead = tokenIssuedAhead("gus", generation, Duration.ofSeconds(20));
    assertStatus(ahead, 200);
    patch("gus", Map.of("password", "another long passphrase"));
    Instant resetAt = last("gus", AdminUserPasswordReset.class, AdminUserPasswordReset::resetAt);
    assertThat(Instant.ofEpochSecond(issuedAt(ahead))).isAfter(resetAt);
    assertStatus(ahead, 401);
  }

  private static String tokenIssuedAhead(String username, long generation, Duration ahead) {
    Clock clock = Clock.offset(Clock.systemUTC(), ahead);
    return new AdminTokens(SECRET, Duration.ofMinutes(15), clock)
        .issue(username, AdminRole.VIEWER, generation)
        .token();
  }

  private static void alignToSecond() throws InterruptedException {
    // starting just after a second begins leaves most of it for the steps that must share it
    Thread.sleep(1_020 - System.currentTimeMillis() % 1_000);
  }

  private static <E> Instant last(String username, Class<E> type, Function<E, Instant> at) {
    return node.bean(EventStore.class)
        .readEvents(AdminUsernames.streamId(username))
        .asStream()
        .map(message -> message.getPayload())
        .filter(type::isInstance)
        .map(payload -> at.apply(type.cast(payload)))
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  private static long issuedAt(String token) {
    return claims(token).path("iat").asLong();
  }

  private static long generationOf(String token) {
    return claims(token).path("gen").asLong();
  }

  private static JsonNode claims(String token) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertStatus(String token, int status) {
    node.http()
        .get()
        .uri(SUMMARY)
        .header("Authorization", "Bearer " + token)
        .exchange()
        .expectStatus()
        .isEqualTo(status);
  }

  private static void patch(String username, Map<String, Object> body) {
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
}
