package io.llmproxy.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.support.BodyFlood;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.GcLog;
import io.llmproxy.support.LargeBody;
import io.llmproxy.support.ProxyJvm;
import io.llmproxy.support.RawExchange;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The memory kills found against the container image, as regression tests: a node runs as its own
 * JVM with the Dockerfile's flags in a 1 GiB container ({@code -XX:MaxRAM=1g}: a ~164 MiB heap that
 * exits on OutOfMemoryError), and gets waves of fifty 16 MB bodies at once: without credentials,
 * malformed, keyed for an unknown and for a real alias, and as a sign-in password. After every wave
 * the process is alive, never ran out of memory, serves the next chat request, and its ledger holds
 * the served requests only; the GC log shows how much of the heap the waves took.
 *
 * <p>bench/body-flood.sh runs it for other container limits, budgets and body sizes ({@code
 * -Dcontainer-flood.limit=2g}, {@code -Dcontainer-flood.body-memory=64MB}, {@code
 * -Dcontainer-flood.body-size=12MB}); without them it is the image's defaults.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EndToEnd
class ContainerHeapFloodTest {

  private static final int PARALLEL = 50;
  private static final String LIMIT = System.getProperty("container-flood.limit", "1g");
  private static final String BODY_MEMORY = System.getProperty("container-flood.body-memory");
  private static final int BODY_SIZE =
      (int) DataSize.parse(System.getProperty("container-flood.body-size", "16MB")).toBytes();
  private static final String ALIAS = "flood";
  private static final String CHAT = "/v1/chat/completions";
  private static final byte[] WORDS = LargeBody.words(BODY_SIZE);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BUDGET_LINE =
      Pattern.compile("request bodies in flight may take up to (\\d+) MiB");

  @TempDir static Path dir;

  private static ProxyJvm proxy;
  private static BodyFlood flood;
  private static String admin;
  private static String key;
  private static long maxHeap;
  private static int parsableSize;
  private static long served;
  private static int gcLinesSeen;
  private static long began;
  private static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    began = System.nanoTime();
    proxy =
        ProxyJvm.start(
            dir,
            LIMIT,
            BODY_MEMORY == null ? List.of() : List.of("--llmproxy.body-memory=" + BODY_MEMORY));
    Duration ready = proxy.awaitReady(Duration.ofMinutes(4));
    admin = JSON.readTree(expect(200, session(ProxyJvm.ADMIN_PASSWORD))).path("token").asText();
    expect(
        200,
        proxy.call(
            "PUT",
            "/admin/models/" + ALIAS,
            admin,
            "{\"provider\":\"mock\",\"model\":\"mock-1\"}"));
    key =
        JSON.readTree(
                expect(
                    201,
                    proxy.call(
                        "POST",
                        "/admin/keys",
                        admin,
                        "{\"name\":\"flood\",\"models\":[\"" + ALIAS + "\"]}")))
            .path("key")
            .asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> chat("no-such-alias").statusCode() == 404);
    maxHeap = maxHeapBytes();
    parsableSize = largestParsableBody();
    flood = new BodyFlood(proxy.port());
    report.add(
        String.format(
            "JVM flags %s -XX:MaxRAM=%s: max heap %d MiB, body memory %s, bodies of %d bytes"
                + " (%d bytes: the largest its budget parses), ready in %d s",
            ProxyJvm.dockerfileJvmFlags(),
            LIMIT,
            maxHeap >> 20,
            BODY_MEMORY == null ? "default" : BODY_MEMORY,
            BODY_SIZE,
            parsableSize,
            ready.toSeconds()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      GcLog gc = GcLog.read(proxy.gcLog(), 0);
      report.add(
          String.format(
              "whole run: %d GC pauses (%d full, %d evacuation failures), largest heap before a"
                  + " collection %d MiB of %d MiB, largest after %d MiB; %d served on /v1; %d s",
              gc.pauses(),
              gc.fullPauses().size(),
              gc.evacuationFailures(),
              gc.largestBeforeMiB(),
              maxHeap >> 20,
              gc.largestAfterMiB(),
              served,
              Duration.ofNanos(System.nanoTime() - began).toSeconds()));
      proxy.close();
    }
    if (flood != null) {
      flood.close();
    }
    report.forEach(line -> System.out.println("CONTAINER FLOOD " + line));
  }

  @Test
  @Order(1)
  void anonymousBodiesAreRefusedUnread() throws Exception {
    wave("anonymous /v1", post(CHAT, Map.of(), chat(ALIAS, "\"}]}", BODY_SIZE)), false, 401);
  }

  @Test
  @Order(2)
  void malformedBodiesWithAKeyAreRefused() throws Exception {
    // the content string never ends: the whole body must be read and parsed to find out
    keyedWaves("malformed /v1", size -> chat(ALIAS, "", size), 400, 413, 503);
  }

  @Test
  @Order(3)
  void keyedBodiesForAnUnknownAliasAreAnsweredOrRefused() throws Exception {
    keyedWaves(
        "keyed /v1 unknown alias",
        size -> chat("no-such-alias", "\"}]}", size),
        404,
        413,
        429,
        503);
  }

  @Test
  @Order(4)
  void keyedBodiesForARealAliasAreAnsweredOrRefused() throws Exception {
    keyedWaves("keyed /v1", size -> chat(ALIAS, "\"}]}", size), 200, 413, 429, 503);
  }

  @Test
  @Order(5)
  void signInsWithLargestBodyPasswordsAreRefused() throws Exception {
    LargeBody password =
        LargeBody.of("{\"username\":\"admin\",\"password\":\"", WORDS, "\"}", BODY_SIZE);
    wave("/admin/session", post("/admin/session", Map.of(), password), false, 413);
  }

  /**
   * A wave of the largest bodies /v1 accepts, then one of the largest its budget parses (if
   * smaller): the first are refused whole, the second make the node parse.
   */
  private static void keyedWaves(String name, IntFunction<LargeBody> body, Integer... allowed)
      throws Exception {
    wave(name, post(CHAT, bearer(key), body.apply(BODY_SIZE)), true, allowed);
    if (parsableSize < BODY_SIZE) {
      String parsable = name + ", " + parsableSize + " bytes";
      wave(parsable, post(CHAT, bearer(key), body.apply(parsableSize)), true, allowed);
    }
  }

  private static void wave(String name, RawExchange request, boolean proxied, Integer... allowed)
      throws Exception {
    BodyFlood.Wave wave = flood.wave(name, PARALLEL, request);
    GcLog gc = GcLog.read(proxy.gcLog(), gcLinesSeen);
    gcLinesSeen = GcLog.lineCount(proxy.gcLog());
    report.add(
        String.format(
            "%s; heap before a collection at most %d MiB of %d MiB (%d pauses, full: %s)",
            wave.summary(), gc.largestBeforeMiB(), maxHeap >> 20, gc.pauses(), gc.fullPauses()));
    System.out.println("CONTAINER FLOOD " + report.get(report.size() - 1));

    assertThat(proxy.ranOutOfMemory())
        .as("OutOfMemoryError in the output after %s:%n%s", name, proxy.outputTail())
        .isFalse();
    assertThat(proxy.isAlive()).as("proxy alive after %s:%n%s", name, proxy.outputTail()).isTrue();
    for (RawExchange.Answer answer : wave.answers()) {
      assertThat(answer.status())
          .as("%s: %s %s", name, answer.failure(), answer.text())
          .isIn(Set.of(allowed));
    }
    assertThat(gc.largestBeforeBytes()).as("heap before a collection").isLessThan(maxHeap);

    HttpResponse<String> next = chat(ALIAS);
    assertThat(next.statusCode()).as("the next chat request: %s", next.body()).isEqualTo(200);
    served += (proxied ? wave.count(200) : 0) + 1;
    await().atMost(Duration.ofSeconds(60)).until(() -> requestsRecorded() >= served);
    assertThat(requestsRecorded()).as("requests in the ledger").isEqualTo(served);
  }

  private static RawExchange post(String path, Map<String, String> headers, LargeBody body) {
    return new RawExchange("POST", path, headers, body, false);
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static LargeBody chat(String alias, String end, int size) {
    return LargeBody.of(
        "{\"model\":\"" + alias + "\",\"messages\":[{\"role\":\"user\",\"content\":\"",
        WORDS,
        end,
        size);
  }

  private static HttpResponse<String> chat(String alias) throws Exception {
    return proxy.call(
        "POST",
        CHAT,
        key,
        "{\"model\":\"" + alias + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
  }

  private static HttpResponse<String> session(String password) throws Exception {
    return proxy.call(
        "POST",
        "/admin/session",
        null,
        "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
  }

  private static long requestsRecorded() throws Exception {
    String summary = expect(200, proxy.call("GET", "/api/usage/summary", admin, null));
    return JSON.readTree(summary).path("totals").path("requests").asLong();
  }

  /**
   * A fifth of the budget the node logs at start (parsing takes five bytes of it per byte of body),
   * less room for a chat request's few nodes; the largest body size without such a line.
   */
  private static int largestParsableBody() {
    Matcher budget = BUDGET_LINE.matcher(proxy.output());
    if (!budget.find()) {
      return BODY_SIZE;
    }
    return (int) Math.min(BODY_SIZE, (Long.parseLong(budget.group(1)) << 20) / 5 - 4096);
  }

  /** The heap's maximum as the node reports it: what its old generation may grow to. */
  private static long maxHeapBytes() throws Exception {
    String scrape = expect(200, proxy.call("GET", "/actuator/prometheus", null, null));
    return scrape
        .lines()
        .filter(line -> line.startsWith("jvm_memory_max_bytes{area=\"heap\""))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .filter(bytes -> bytes > 0)
        .sum();
  }

  private static String expect(int status, HttpResponse<String> response) throws IOException {
    if (response.statusCode() != status) {
      throw new IOException(
          "expected " + status + ", got " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
