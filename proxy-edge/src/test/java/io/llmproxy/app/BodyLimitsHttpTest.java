package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmproxy.edge.http.BodyMemoryBudget;
import io.llmproxy.support.BodyFlood;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.LargeBody;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.RawExchange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fifty bodies of the largest size at once on every surface that takes a body, against a node whose
 * body memory budget (12 MB) parses one largest body (2 MB) at a time: bodies without valid
 * credentials are refused from their headers and never read, keyed ones are answered or refused by
 * the budget (503, or 413 for a body whose parsed form could never fit), bodies over a surface's
 * limit get 413 whether announced or chunked. After each wave the budget is whole again, the next
 * request is served, and the ledger holds the served requests only.
 */
@EndToEnd
class BodyLimitsHttpTest {

  private static final int PARALLEL = 50;
  private static final int MAX_BODY = 2 * 1024 * 1024;
  // under a fifth of the budget: parsing takes five bytes of it per byte of body
  private static final int PARSABLE_BODY = 1536 * 1024;
  private static final int SIXTEEN_MB = 16 * 1024 * 1024;
  private static final String ALIAS = "flood";
  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";
  private static final byte[] WORDS = LargeBody.words(SIXTEEN_MB);
  private static final byte[] VALUES = LargeBody.values(PARSABLE_BODY);

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static BodyMemoryBudget budget;
  private static BodyFlood flood;
  private static String admin;
  private static String key;
  private static String keyId;
  private static final List<String> report = new ArrayList<>();

  /** A surface, the statuses its flood may get, and whether its bodies may be read at all. */
  enum Surface {
    ANONYMOUS_CHAT(false, false, 401),
    ANONYMOUS_CHAT_CHUNKED(false, false, 401),
    ANONYMOUS_MESSAGES(false, false, 401),
    BOGUS_KEY_CHAT(false, false, 401),
    KEYED_NEVER_PARSABLE(true, false, 413),
    KEYED_UNKNOWN_ALIAS(true, true, 404, 503),
    KEYED_CHAT(true, true, 200, 503),
    KEYED_MESSAGES(true, true, 200, 503),
    KEYED_HALF_A_MILLION_VALUES(true, true, 413, 503),
    KEYED_CHAT_CHUNKED_OVER_LIMIT(true, true, 413, 503),
    SESSION_16MB_PASSWORD(false, false, 413),
    SESSION_16MB_PASSWORD_CHUNKED(false, true, 413),
    ADMIN_OVER_1MB(false, false, 413),
    ADMIN_OVER_1MB_CHUNKED(false, true, 413, 503);

    final boolean proxied;
    final boolean read;
    final Set<Integer> allowed;

    Surface(boolean proxied, boolean read, Integer... allowed) {
      this.proxied = proxied;
      this.read = read;
      this.allowed = Set.of(allowed);
    }
  }

  @BeforeAll
  static void start() {
    node =
        ProxyNode.start(
            dataDir,
            Map.of("llmproxy.body-memory", "8MB", "llmproxy.max-request-size", MAX_BODY + "B"));
    budget = node.bean(BodyMemoryBudget.class);
    admin = node.login();
    node.route(admin, ALIAS, "mock", "mock-1");
    key = node.issueKey(admin, "body-flood", List.of(ALIAS));
    keyId = ProxyNode.keyId(key);
    WalkingSkeletonEndToEndTest.awaitKeyAccepted(node, key);
    String url = node.baseUrl();
    flood = new BodyFlood(Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)));
  }

  @AfterAll
  static void stop() {
    report.forEach(line -> System.out.println("BODY LIMITS " + line));
    if (flood != null) {
      flood.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aLargestParsableBodyAloneIsParsedAndServed() {
    assertThat(budget.total()).isEqualTo(8L << 20);
    assertThat(budget.largestParsedBody()).isBetween((long) PARSABLE_BODY, (long) MAX_BODY);
    int before = node.ledger(keyId).size();

    RawExchange.Answer answer = flood.send(request(Surface.KEYED_CHAT));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> budget.available() == budget.total());
    await().atMost(Duration.ofSeconds(30)).until(() -> node.ledger(keyId).size() >= before + 1);
    assertThat(node.ledger(keyId)).hasSize(before + 1);
  }

  @ParameterizedTest
  @EnumSource(Surface.class)
  void fiftyLargestBodiesAtOnceAreAnsweredAndLeaveNothingBehind(Surface surface) throws Exception {
    int ledgerBefore = node.ledger(keyId).size();
    AtomicBoolean waving = new AtomicBoolean(true);
    AtomicLong lowest = new AtomicLong(budget.total());
    Thread watch = new Thread(() -> watchBudget(waving, lowest));
    watch.start();

    BodyFlood.Wave wave = flood.wave(surface.name(), PARALLEL, request(surface));

    waving.set(false);
    watch.join();
    report.add(wave.summary() + ", budget lowest " + (lowest.get() >> 10) + " KiB free");
    for (RawExchange.Answer answer : wave.answers()) {
      assertThat(answer.status())
          .as("%s: %s %s", surface, answer.failure(), answer.text())
          .isIn(surface.allowed);
      if (answer.status() != 200) {
        assertThat(answer.text()).as("%s error body", surface).contains("\"error\"");
      }
      if (answer.status() == 503) {
        assertThat(answer.headers()).containsKey("retry-after");
      }
      if (surface == Surface.KEYED_NEVER_PARSABLE) {
        assertThat(answer.text()).contains("once parsed");
      }
    }
    if (!surface.read) {
      assertThat(lowest.get()).as("budget taken by bodies never read").isEqualTo(budget.total());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> budget.available() == budget.total());

    node.chat(key, ALIAS, "after " + surface).expectStatus().isOk();
    int served = (surface.proxied ? wave.count(200) : 0) + 1;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> node.ledger(keyId).size() >= ledgerBefore + served);
    assertThat(node.ledger(keyId)).as("ledger after %s", surface).hasSize(ledgerBefore + served);
  }

  private static void watchBudget(AtomicBoolean waving, AtomicLong lowest) {
    while (waving.get()) {
      lowest.accumulateAndGet(budget.available(), Math::min);
      LockSupport.parkNanos(100_000);
    }
  }

  private static RawExchange request(Surface surface) {
    Map<String, String> none = Map.of();
    Map<String, String> bearerKey = Map.of("Authorization", "Bearer " + key);
    Map<String, String> adminToken = Map.of("Authorization", "Bearer " + admin);
    return switch (surface) {
      case ANONYMOUS_CHAT -> post(CHAT, none, chat(ALIAS, MAX_BODY), false);
      case ANONYMOUS_CHAT_CHUNKED -> post(CHAT, none, chat(ALIAS, MAX_BODY + 4096), true);
      case ANONYMOUS_MESSAGES -> post(MESSAGES, anthropic(null), messages(MAX_BODY), false);
      case BOGUS_KEY_CHAT ->
          post(
              CHAT,
              Map.of("Authorization", "Bearer sk-llmp-bogus-bogus"),
              chat(ALIAS, MAX_BODY),
              false);
      case KEYED_NEVER_PARSABLE -> post(CHAT, bearerKey, chat(ALIAS, MAX_BODY), false);
      case KEYED_UNKNOWN_ALIAS ->
          post(CHAT, bearerKey, chat("no-such-alias", PARSABLE_BODY), false);
      case KEYED_CHAT -> post(CHAT, bearerKey, chat(ALIAS, PARSABLE_BODY), false);
      case KEYED_MESSAGES -> post(MESSAGES, anthropic(key), messages(PARSABLE_BODY), false);
      case KEYED_HALF_A_MILLION_VALUES ->
          post(
              CHAT,
              bearerKey,
              LargeBody.valuesArray(
                  "{\"model\":\"" + ALIAS + "\",\"messages\":[{\"role\":\"user\",\"content\":[",
                  VALUES,
                  "1]}]}",
                  PARSABLE_BODY),
              false);
      case KEYED_CHAT_CHUNKED_OVER_LIMIT ->
          post(CHAT, bearerKey, chat(ALIAS, MAX_BODY + 4096), true);
      case SESSION_16MB_PASSWORD -> post("/admin/session", none, session(), false);
      case SESSION_16MB_PASSWORD_CHUNKED -> post("/admin/session", none, session(), true);
      case ADMIN_OVER_1MB -> post("/admin/keys", adminToken, keyName(MAX_BODY), false);
      case ADMIN_OVER_1MB_CHUNKED -> post("/admin/keys", adminToken, keyName(MAX_BODY), true);
    };
  }

  private static RawExchange post(
      String path, Map<String, String> headers, LargeBody body, boolean chunked) {
    return new RawExchange("POST", path, headers, body, chunked);
  }

  private static LargeBody chat(String alias, int size) {
    return LargeBody.of(
        "{\"model\":\"" + alias + "\",\"messages\":[{\"role\":\"user\",\"content\":\"",
        WORDS,
        "\"}]}",
        size);
  }

  private static LargeBody messages(int size) {
    return LargeBody.of(
        "{\"model\":\""
            + ALIAS
            + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"",
        WORDS,
        "\"}]}",
        size);
  }

  private static Map<String, String> anthropic(String apiKey) {
    return apiKey == null
        ? Map.of("anthropic-version", "2023-06-01")
        : Map.of("anthropic-version", "2023-06-01", "x-api-key", apiKey);
  }

  private static LargeBody session() {
    return LargeBody.of("{\"username\":\"admin\",\"password\":\"", WORDS, "\"}", SIXTEEN_MB);
  }

  private static LargeBody keyName(int size) {
    return LargeBody.of("{\"name\":\"", WORDS, "\"}", size);
  }
}
