package io.llmproxy.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.LiveFeed;
import io.llmproxy.support.ProxyNode;
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

/**
 * A live feed ({@code GET /api/usage/stream}) lives no longer than its session: it ends within
 * seconds of its user being disabled, their password reset, its token signed out, or its token
 * expiring, while the same user's other sessions go on; and open feeds are capped per user and per
 * node.
 */
@EndToEnd
class AdminSessionFeedsTest {

  private static final String PASSWORD = "a long enough password";
  // the session is re-checked every 0.5 s; the rest is headroom for a slow machine
  private static final Duration ENDS_WITHIN = Duration.ofSeconds(5);

  @TempDir static Path dataDir;
  @TempDir static Path shortTokensDir;

  private static ProxyNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node =
        ProxyNode.start(
            dataDir, Map.of("llmproxy.admin.max-feeds-per-user", 2, "llmproxy.admin.max-feeds", 3));
    admin = node.login();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aFeedEndsWhenItsUserIsDisabled() {
    node.createUser(admin, "dora", "viewer", PASSWORD);
    try (LiveFeed feed = LiveFeed.open(node, node.login("dora", PASSWORD))) {
      assertThat(feed.isStreaming()).isTrue();
      long changed = patch("dora", Map.of("disabled", true));
      report("disabled", feed.awaitEnd(changed, ENDS_WITHIN), feed);
    }
  }

  @Test
  void aFeedEndsWhenItsUsersPasswordIsReset() {
    node.createUser(admin, "rosa", "viewer", PASSWORD);
    try (LiveFeed feed = LiveFeed.open(node, node.login("rosa", PASSWORD))) {
      assertThat(feed.isStreaming()).isTrue();
      long changed = patch("rosa", Map.of("password", "an entirely new passphrase"));
      report("password reset", feed.awaitEnd(changed, ENDS_WITHIN), feed);
      try (LiveFeed again = LiveFeed.open(node, node.login("rosa", "an entirely new passphrase"))) {
        assertThat(again.isStreaming()).isTrue();
      }
    }
  }

  @Test
  void signingOutEndsThatTokensFeedAndNoOther() throws InterruptedException {
    node.createUser(admin, "sina", "viewer", PASSWORD);
    String signedOut = node.login("sina", PASSWORD);
    String other = node.login("sina", PASSWORD);
    try (LiveFeed feed = LiveFeed.open(node, signedOut);
        LiveFeed otherFeed = LiveFeed.open(node, other)) {
      assertThat(feed.isStreaming()).isTrue();
      long changed = System.nanoTime();
      signOut(signedOut).expectStatus().isNoContent();
      report("signed out", feed.awaitEnd(changed, ENDS_WITHIN), feed);
      // the other session is checked every 0.5 s as well; three checks later it still streams
      Thread.sleep(1_500);
      assertThat(otherFeed.isStreaming()).isTrue();
      get("/api/usage/summary", signedOut).expectStatus().isUnauthorized();
      get("/api/usage/summary", other).expectStatus().isOk();
    }
  }

  @Test
  void aFeedEndsWhenItsTokenExpires() {
    try (ProxyNode shortTokens =
        ProxyNode.startStoppable(shortTokensDir, Map.of("llmproxy.admin-token-ttl", "3s"))) {
      long signedIn = System.nanoTime();
      String token = shortTokens.login();
      try (LiveFeed feed = LiveFeed.open(shortTokens, token)) {
        assertThat(feed.isStreaming()).isTrue();
        Duration lived = feed.awaitEnd(signedIn, Duration.ofSeconds(3).plus(ENDS_WITHIN));
        report("expiry of a 3 s token (time since sign-in)", lived, feed);
        assertThat(lived).isGreaterThanOrEqualTo(Duration.ofMillis(2_000));
      }
      shortTokens
          .http()
          .get()
          .uri("/api/usage/summary")
          .header("Authorization", "Bearer " + token)
          .exchange()
          .expectStatus()
          .isUnauthorized();
    }
  }

  @Test
  void feedsAreCappedPerUserAndPerNodeAndAClosedFeedFreesItsSlot() {
    node.createUser(admin, "cara", "viewer", PASSWORD);
    node.createUser(admin, "cody", "viewer", PASSWORD);
    node.createUser(admin, "cleo", "viewer", PASSWORD);
    String cara = node.login("cara", PASSWORD);
    List<LiveFeed> open = new ArrayList<>();
    try {
      open.add(LiveFeed.open(node, cara));
      open.add(LiveFeed.open(node, node.login("cara", PASSWORD)));
      assertThat(open).allMatch(LiveFeed::isStreaming);

      try (LiveFeed third = LiveFeed.open(node, cara)) {
        expectTooManyFeeds(third, "you already have 2 live feeds open");
      }
      // only feeds count: other reports still answer
      get("/api/usage/summary", cara).expectStatus().isOk();

      open.add(LiveFeed.open(node, node.login("cody", PASSWORD)));
      assertThat(open.get(2).isStreaming()).isTrue();
      try (LiveFeed overNodeCap = LiveFeed.open(node, node.login("cleo", PASSWORD))) {
        expectTooManyFeeds(overNodeCap, "the proxy already serves 3 live feeds");
      }

      open.remove(0).close();
      LiveFeed reopened =
          await()
              .atMost(ENDS_WITHIN)
              .until(
                  () -> {
                    LiveFeed attempt = LiveFeed.open(node, cara);
                    if (attempt.isStreaming()) {
                      return attempt;
                    }
                    attempt.close();
                    return null;
                  },
                  feed -> feed != null);
      open.add(reopened);
    } finally {
      open.forEach(LiveFeed::close);
    }
  }

  private static void expectTooManyFeeds(LiveFeed feed, String message) {
    assertThat(feed.status()).isEqualTo(429);
    String body = String.join("", feed.received());
    assertThat(body)
        .contains("\"type\":\"rate_limit_error\"")
        .contains("\"code\":\"too_many_feeds\"")
        .contains(message);
  }

  private static void report(String change, Duration after, LiveFeed feed) {
    System.out.printf("feed ended %d ms after: %s (%s)%n", after.toMillis(), change, feed.ending());
  }

  private static long patch(String username, Map<String, Object> body) {
    node.http()
        .patch()
        .uri("/admin/users/{username}", username)
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isNoContent();
    return System.nanoTime();
  }

  private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec signOut(
      String token) {
    return node.http()
        .delete()
        .uri("/admin/session")
        .header("Authorization", "Bearer " + token)
        .exchange();
  }

  private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec get(
      String uri, String token) {
    return node.http().get().uri(uri).header("Authorization", "Bearer " + token).exchange();
  }
}
