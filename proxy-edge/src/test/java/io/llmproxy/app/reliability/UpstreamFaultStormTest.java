package io.llmproxy.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.CapturedLogs;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/**
 * Upstream faults in bursts (issue 10, item 2): for each fault kind, {@link #PER_KIND} concurrent
 * requests, half whole and half streamed, against a real HTTP stub that misbehaves. Every client
 * gets the documented error (docs/http-api.md "HTTP endpoints"), every request gets exactly one
 * ledger entry with the documented outcome and tokens (docs/accounting-and-audit.md "How usage is
 * recorded"), and afterwards the proxy holds no more upstream connections than a keep-alive pool
 * would, the stub has no stream left open (the proxy cancelled every upstream call) and the heap is
 * back near its baseline. The single-request behaviour of each fault is covered elsewhere
 * (StreamingRelayTest, RoutingFailoverTest, ErrorContractTest); this is about many at once.
 */
@EndToEnd
class UpstreamFaultStormTest {

  static final int PER_KIND = 50;

  /** The provider's timeout: a stalled or slow upstream must be given up after this long. */
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  @TempDir static Path dataDir;

  static OpenAiUpstreamStub stub;
  static ProxyNode node;
  static String admin;
  static final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  static final ObjectMapper json = new ObjectMapper();
  static final Map<String, String> results = new LinkedHashMap<>();

  record Answer(int status, String retryAfter, String body, boolean streamed) {
    JsonNode error() {
      try {
        String text = body;
        if (streamed && status == 200) {
          int at = body.indexOf("data: {\"error\"");
          text = body.substring(at + 6, body.indexOf('\n', at));
        }
        return json.readTree(text).path("error");
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("no error object in " + status + " " + body, e);
      }
    }

    int errorEvents() {
      return body.split("data: \\{\"error\"", -1).length - 1;
    }
  }

  @BeforeAll
  static void start() throws IOException {
    stub = new OpenAiUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.up.kind",
                "openai-compatible",
                "llmproxy.providers.up.base-url",
                stub.baseUrl(),
                "llmproxy.providers.up.timeout",
                TIMEOUT.toMillis() + "ms",
                // the storm trips no breaker: each fault kind must reach the upstream every time
                "llmproxy.routing.failure-threshold",
                1_000_000));
    admin = node.login();
    node.route(admin, "storm", "up", "m");
    node.http()
        .put()
        .uri("/admin/models/{alias}", "retrying")
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "deployments",
                List.of(Map.of("provider", "up", "model", "m")),
                "retry",
                Map.of("max_attempts", 3, "base_delay_ms", 10, "max_delay_ms", 50)))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (stub != null) {
      stub.close();
    }
    results.forEach((k, v) -> System.out.println("[fault-storm] " + k + ": " + v));
  }

  @Test
  void everyFaultKindInABurstGetsTheDocumentedErrorOneLedgerEntryAndLeaksNothing()
      throws Exception {
    // warm up (classes, pools, JIT) with healthy traffic, then take the baselines
    storm("warmup", "storm", "all good");
    long baselineHeap = usedHeapAfterGc();
    int baselineConnections = establishedTo(stub.port());

    // slow first byte: nothing within the timeout → 504 upstream_timeout, zero tokens
    check("slow first byte", "slow-2500", 504, "upstream_timeout", 504, false);
    // stall mid-stream: silence after one chunk → whole 504, stream ends with one error event
    check("stall mid-stream", "hang-after-1", 504, "upstream_timeout", 200, true);
    // connection reset: before the headers (whole) and after one chunk (stream); logged as one
    // line per failed attempt, not as a stack per connection
    try (CapturedLogs logs = CapturedLogs.attach()) {
      checkSplit("connection reset", "reset-before-headers", "drop-after-1", 502, 200);
      assertThat(logs.text())
          .contains("attempt 1 to up (m) failed")
          .doesNotContain("PrematureCloseException");
    }
    // truncated: half the declared body (whole); SSE that ends cleanly without [DONE] (stream)
    check("truncated", "truncate-after-1", 502, null, 200, true);
    // 502 with either documented code (docs/http-api.md: upstream_unavailable or upstream_error)
    // invalid JSON: a broken body (whole) or a broken frame after the role chunk (stream)
    check("invalid JSON", "bad-json", 502, null, 200, true);
    // wrong content type: an HTML page with status 200
    check("wrong content type", "wrong-type", 502, null, 502, false);
    // 429 storm: passed on as 429 upstream_rate_limited with the upstream's Retry-After
    check("429 storm", "fail-429", 429, "upstream_rate_limited", 429, false);

    fiveHundredBurstIsRetriedAndBilledOnce();

    // (a) connections: a stream given up or failed must not leave its upstream call open; the
    // stub writes keep-alives after a hang, so a still-open stream would show here
    await().atMost(Duration.ofSeconds(20)).until(() -> stub.openStreams() == 0);
    // the proxy's pool may keep idle keep-alive connections to the stub (the stub closes them only
    // after 30 s idle): about one per request of the largest burst (PER_KIND concurrent), plus a
    // few a retry or a new request opened before another connection went back to the pool. Twice
    // that is the bound; a leak (a connection kept per failed request) would instead grow with the
    // ~800 requests sent
    int bound = 2 * PER_KIND;
    await().atMost(Duration.ofSeconds(20)).until(() -> establishedTo(stub.port()) <= bound);
    int after = establishedTo(stub.port());
    results.put(
        "connections to stub",
        "baseline " + baselineConnections + ", after storm " + after + " (bound " + bound + ")");

    // (b) heap: in-process, so the heap also holds the test's own answers, Spring and Axon
    // caches and whatever the collector has not returned yet; 64 MB above the warmed-up baseline
    // is far below what ~800 retained request/stream pipelines with their buffers would need to
    // be noticed, yet generous enough for that noise. Not a performance figure.
    long heapAfter = usedHeapAfterGc();
    results.put(
        "heap",
        "baseline " + baselineHeap / (1 << 20) + " MB, after " + heapAfter / (1 << 20) + " MB");
    assertThat(heapAfter).isLessThan(baselineHeap + 64L * 1024 * 1024);
    assertThat(after).isLessThanOrEqualTo(bound);
  }

  /** Same marker for whole and streamed requests. */
  private void check(
      String kind,
      String marker,
      int wholeStatus,
      String wholeCode,
      int streamStatus,
      boolean streamStarted)
      throws Exception {
    run(kind, marker, marker, wholeStatus, wholeCode, streamStatus, streamStarted);
  }

  private void checkSplit(
      String kind, String wholeMarker, String streamMarker, int wholeStatus, int streamStatus)
      throws Exception {
    run(kind, wholeMarker, streamMarker, wholeStatus, null, streamStatus, true);
  }

  private void run(
      String kind,
      String wholeMarker,
      String streamMarker,
      int wholeStatus,
      String wholeCode,
      int streamStatus,
      boolean streamStarted)
      throws Exception {
    String key = node.issueKey(admin, "storm-" + kind, List.of("*"));
    List<CompletableFuture<Answer>> calls = new ArrayList<>();
    for (int i = 0; i < PER_KIND; i++) {
      boolean streamed = i % 2 == 1;
      calls.add(call(key, "storm", (streamed ? streamMarker : wholeMarker) + " #" + i, streamed));
    }
    List<Answer> answers = calls.stream().map(CompletableFuture::join).toList();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Answer answer : answers) {
      String label =
          (answer.streamed() ? "stream " : "whole ")
              + answer.status()
              + " "
              + (answer.status() == 200 && !answer.streamed()
                  ? ""
                  : answer.error().path("code").asText());
      seen.merge(label, 1, Integer::sum);
    }
    for (Answer answer : answers) {
      assertThat(answer.status()).as(kind + ": " + answer).isNotEqualTo(500);
      if (!answer.streamed()) {
        assertThat(answer.status()).as(kind + ": " + answer).isEqualTo(wholeStatus);
        JsonNode error = answer.error();
        assertThat(error.path("type").asText()).as(kind).isIn("api_error", "rate_limit_error");
        if (wholeCode != null) {
          assertThat(error.path("code").asText()).as(kind + ": " + answer).isEqualTo(wholeCode);
        } else {
          assertThat(error.path("code").asText())
              .as(kind + ": " + answer)
              .isIn("upstream_unavailable", "upstream_error");
        }
      } else {
        assertThat(answer.status()).as(kind + ": " + answer).isEqualTo(streamStatus);
        if (streamStatus == 200) {
          assertThat(answer.errorEvents()).as(kind + ": " + answer).isEqualTo(1);
          assertThat(answer.body()).as(kind).doesNotContain("data: [DONE]");
          assertThat(answer.error().path("code").asText())
              .as(kind + ": " + answer)
              .isIn("upstream_timeout", "upstream_unavailable", "upstream_error");
        } else {
          assertThat(answer.error().path("code").asText())
              .as(kind + ": " + answer)
              .isIn(
                  "upstream_timeout",
                  "upstream_unavailable",
                  "upstream_error",
                  "upstream_rate_limited");
        }
      }
      if (answer.status() == 429) {
        assertThat(answer.retryAfter()).as(kind + ": Retry-After passed on").isEqualTo("1");
      }
    }

    // the ledger: exactly one entry per request, all upstream_error; tokens per billing policy
    List<UsageRecorded> entries = awaitLedger(key, PER_KIND);
    Set<String> requests = new HashSet<>();
    int estimated = 0;
    Set<Long> completion = new java.util.TreeSet<>();
    for (UsageRecorded entry : entries) {
      assertThat(requests.add(entry.requestId())).as(kind + ": billed once").isTrue();
      assertThat(entry.outcome()).as(kind + ": " + entry).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
      boolean started = entry.streamed() && streamStarted;
      if (!started) {
        // refused before any output: nothing was generated
        assertThat(entry.usage().totalTokens()).as(kind + ": " + entry).isZero();
        assertThat(entry.usage().completionTokens()).as(kind + ": " + entry).isZero();
      } else {
        // failed mid-stream: prompt plus the text relayed so far, counted locally
        assertThat(entry.estimated()).as(kind + ": " + entry).isTrue();
        assertThat(entry.usage().promptTokens()).as(kind + ": " + entry).isPositive();
        assertThat(entry.usage().totalTokens())
            .as(kind + ": " + entry)
            .isEqualTo(entry.usage().promptTokens() + entry.usage().completionTokens());
        completion.add(entry.usage().completionTokens());
        estimated++;
      }
    }
    results.put(
        kind,
        PER_KIND
            + " requests "
            + seen
            + "; ledger "
            + entries.size()
            + " upstream_error entries ("
            + estimated
            + " estimated"
            + (completion.isEmpty() ? "" : ", completion tokens " + completion)
            + ")");
  }

  private void fiveHundredBurstIsRetriedAndBilledOnce() throws Exception {
    String key = node.issueKey(admin, "storm-5xx", List.of("*"));
    List<CompletableFuture<Answer>> calls = new ArrayList<>();
    for (int i = 0; i < PER_KIND; i++) {
      boolean streamed = i % 2 == 1;
      // each request's first attempt gets 503, its retry succeeds
      calls.add(call(key, "retrying", "flaky-1 #" + i, streamed));
    }
    for (CompletableFuture<Answer> call : calls) {
      Answer answer = call.join();
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      if (answer.streamed()) {
        assertThat(answer.body()).contains("[DONE]").doesNotContain("\"error\"");
      }
    }
    List<UsageRecorded> entries = awaitLedger(key, 2 * PER_KIND);
    Map<String, List<UsageRecorded>> byRequest = new LinkedHashMap<>();
    entries.forEach(e -> byRequest.computeIfAbsent(e.requestId(), r -> new ArrayList<>()).add(e));
    assertThat(byRequest).hasSize(PER_KIND);
    byRequest.forEach(
        (request, attempts) -> {
          assertThat(attempts).hasSize(2);
          UsageRecorded first = attempts.stream().filter(a -> a.attempt() == 1).findFirst().get();
          UsageRecorded second = attempts.stream().filter(a -> a.attempt() == 2).findFirst().get();
          assertThat(first.retried()).isTrue();
          assertThat(first.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
          assertThat(first.usage().totalTokens()).isZero();
          assertThat(second.retried()).isFalse();
          assertThat(second.outcome()).isEqualTo(UsageOutcome.SUCCESS);
          assertThat(second.usage().promptTokens()).isEqualTo(OpenAiUpstreamStub.PROMPT_TOKENS);
        });
    results.put(
        "5xx burst (retry max_attempts 3)",
        PER_KIND
            + " requests, all 200; ledger "
            + entries.size()
            + " entries: "
            + PER_KIND
            + " failed attempts (retried, 0 tokens) + "
            + PER_KIND
            + " successes (billed once)");
  }

  /** Healthy traffic: warms the pools and checks the stub and proxy work at all. */
  private void storm(String kind, String alias, String text) throws Exception {
    String key = node.issueKey(admin, "storm-" + kind, List.of("*"));
    List<CompletableFuture<Answer>> calls = new ArrayList<>();
    for (int i = 0; i < PER_KIND; i++) {
      calls.add(call(key, alias, text + " #" + i, i % 2 == 1));
    }
    for (CompletableFuture<Answer> call : calls) {
      assertThat(call.join().status()).isEqualTo(200);
    }
    awaitLedger(key, PER_KIND);
  }

  private static List<UsageRecorded> awaitLedger(String key, int expected) {
    String keyId = ProxyNode.keyId(key);
    await().atMost(Duration.ofSeconds(15)).until(() -> node.ledger(keyId).size() >= expected);
    List<UsageRecorded> entries = node.ledger(keyId);
    assertThat(entries).hasSize(expected);
    return entries;
  }

  private static CompletableFuture<Answer> call(
      String key, String alias, String text, boolean streamed) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", alias);
    body.put("messages", List.of(Map.of("role", "user", "content", text)));
    if (streamed) {
      body.put("stream", true);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/chat/completions"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            // no hang: every fault must be answered well within this (the provider timeout is 1 s)
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response ->
                new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.body(),
                    streamed));
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Established TCP connections whose remote end is {@code port} on this host (Linux only). */
  private static int establishedTo(int port) throws IOException {
    int count = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path)) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 4 || !fields[3].equals("01")) {
          continue;
        }
        String remote = fields[2];
        int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
        if (remotePort == port) {
          count++;
        }
      }
    }
    return count;
  }
}
