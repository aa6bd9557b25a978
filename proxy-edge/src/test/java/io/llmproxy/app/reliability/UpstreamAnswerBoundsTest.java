package io.llmproxy.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.CapturedLogs;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.HostileUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upstreams that answer too much (security issue item 8), over real HTTP: a stream line that never
 * ends, a stream that never stops, a whole answer far over the limit and an event made of endless
 * {@code data:} lines. The limits are set small here, the stub's answers are 64 MB or endless: each
 * is given up at its limit (the stub gets to write only a fraction), the client gets a clean error
 * in its API's shape, the ledger an {@code answer_too_large} entry with what was consumed, the log
 * one WARN line without answer text, and the proxy goes on answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class UpstreamAnswerBoundsTest {

  private static final String CODE = "upstream_answer_too_large";

  @TempDir static Path dataDir;

  private final ObjectMapper json = new ObjectMapper();
  private final TokenCounter tokens = new TokenCounter();
  private final AtomicInteger keys = new AtomicInteger();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private HostileUpstreamStub stub;
  private ProxyNode node;
  private String admin;

  record Answer(int status, String body) {}

  @BeforeAll
  void start() throws IOException {
    stub = new HostileUpstreamStub();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("llmproxy.upstream.max-answer-size", "256KB");
    settings.put("llmproxy.upstream.max-stream-line", "64KB");
    settings.put("llmproxy.upstream.max-stream-event", "128KB");
    settings.put("llmproxy.upstream.max-stream-size", "1MB");
    settings.put("llmproxy.providers.oa.kind", "openai-compatible");
    settings.put("llmproxy.providers.oa.base-url", stub.openAiBaseUrl());
    settings.put("llmproxy.providers.an.kind", "anthropic");
    settings.put("llmproxy.providers.an.base-url", stub.anthropicBaseUrl());
    settings.put("llmproxy.providers.an.api-key", "a");
    settings.put("llmproxy.providers.ge.kind", "gemini");
    settings.put("llmproxy.providers.ge.base-url", stub.geminiBaseUrl());
    settings.put("llmproxy.providers.ge.api-key", "g");
    node = ProxyNode.start(dataDir, settings);
    admin = node.login();
    node.route(admin, "oa", "oa", "m");
    node.route(admin, "an", "an", "claude-x");
    node.route(admin, "ge", "ge", "gemini-x");
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (stub != null) {
      stub.close();
    }
  }

  @Test
  void aLineThatNeverEndsIsCutAtTheLineLimitAfterTheFramesBeforeIt() throws Exception {
    String key = key();
    try (CapturedLogs logs = CapturedLogs.attach()) {
      Answer answer = chat(key, "oa", "endless-line", true);

      assertStreamCut(answer, "a stream line over 64 KB");
      assertThat(contentOf(answer)).isEqualTo(HostileUpstreamStub.GREETING);
      UsageRecorded entry = onlyEntry(key);
      assertThat(entry.streamed()).isTrue();
      assertThat(entry.estimated()).isTrue();
      assertThat(entry.usage().promptTokens()).isPositive();
      assertThat(entry.usage().completionTokens())
          .isEqualTo(tokens.count("m", HostileUpstreamStub.GREETING));
      assertThat(logs.text().lines().filter(line -> line.contains(" cut: ")))
          .singleElement()
          .asString()
          .contains("WARN")
          .contains("stream from oa (m) cut: sent a stream line over the proxy's limit of 64 KB");
      assertThat(logs.text()).doesNotContain("xxxx");
    }
    assertStubGaveUp("endless-line");
    assertStillAnswers(key, "oa");
  }

  @Test
  void aStreamThatNeverStopsIsCutAtTheStreamLimitAndBilledForWhatWasRelayed() throws Exception {
    String key = key();
    Answer answer = chat(key, "oa", "endless-frames", true);

    assertStreamCut(answer, "a stream over 1 MB");
    String relayed = contentOf(answer);
    // about 1 MB of frames: far more text than the estimate keeps
    assertThat(relayed.length()).isGreaterThan(50_000);
    UsageRecorded entry = onlyEntry(key);
    assertThat(entry.estimated()).isTrue();
    assertThat(entry.usage().completionTokens()).isEqualTo(tokens.count("m", relayed));
    assertStubGaveUp("endless-frames");
    assertStillAnswers(key, "oa");
  }

  @Test
  void aWholeAnswerOverTheLimitIsA502AndThePromptIsBilled() throws Exception {
    String key = key();
    Answer answer = chat(key, "oa", "huge-answer", false);

    assertWholeRefused(answer, "an answer over 256 KB");
    assertPromptOnlyEntry(key, false);
    assertStubGaveUp("huge-answer");
    assertStillAnswers(key, "oa");
  }

  @Test
  void anEventOfEndlessDataLinesIsCutAtTheEventLimitBeforeAnyFrame() throws Exception {
    String key = key();
    Answer answer = chat(key, "oa", "many-lines", true);

    // nothing was relayed yet: a plain error response, as for a refusal before the stream
    assertWholeRefused(answer, "a stream event over 128 KB");
    assertPromptOnlyEntry(key, true);
    assertStubGaveUp("many-lines");
    assertStillAnswers(key, "oa");
  }

  @ParameterizedTest
  @ValueSource(strings = {"an", "ge"})
  void anthropicAndGeminiUpstreamsHaveTheSameBounds(String alias) throws Exception {
    String key = key();
    Answer streamed = chat(key, alias, "endless-line", true);
    assertStreamCut(streamed, "a stream line over 64 KB");
    assertThat(contentOf(streamed)).isEqualTo(HostileUpstreamStub.GREETING);
    Answer whole = chat(key, alias, "huge-answer", false);
    assertWholeRefused(whole, "an answer over 256 KB");

    List<UsageRecorded> entries = entries(key, 2);
    assertThat(entries)
        .extracting(UsageRecorded::outcome)
        .containsOnly(UsageOutcome.ANSWER_TOO_LARGE);
    assertStillAnswers(key, alias);
  }

  @Test
  void theAnthropicFrontDoorGetsTheErrorInItsOwnShape() throws Exception {
    String key = key();
    Answer streamed = messages(key, "endless-frames", true);
    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.body()).contains("event: content_block_delta").contains("event: error");
    assertThat(streamed.body()).doesNotContain("event: message_stop");
    JsonNode event = json.readTree(dataAfter(streamed.body(), "event: error\ndata: "));
    assertThat(event.path("type").asText()).isEqualTo("error");
    assertThat(event.path("error").path("type").asText()).isEqualTo("api_error");
    assertThat(event.path("error").path("message").asText()).contains("a stream over 1 MB");

    Answer whole = messages(key, "huge-answer", false);
    assertThat(whole.status()).isEqualTo(502);
    JsonNode body = json.readTree(whole.body());
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.path("error").path("type").asText()).isEqualTo("api_error");
    assertThat(body.path("error").path("message").asText()).contains("an answer over 256 KB");

    assertThat(entries(key, 2))
        .extracting(UsageRecorded::outcome)
        .containsOnly(UsageOutcome.ANSWER_TOO_LARGE);
  }

  private void assertStreamCut(Answer answer, String what) throws IOException {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).doesNotContain("[DONE]");
    assertThat(answer.body().split("data: \\{\"error\"", -1)).hasSize(2);
    JsonNode error = json.readTree(dataAfter(answer.body(), "data: {\"error\"")).path("error");
    assertThat(error.path("code").asText()).isEqualTo(CODE);
    assertThat(error.path("type").asText()).isEqualTo("api_error");
    assertThat(error.path("message").asText()).contains(what);
  }

  private void assertWholeRefused(Answer answer, String what) throws IOException {
    assertThat(answer.status()).as(answer.body()).isEqualTo(502);
    JsonNode error = json.readTree(answer.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo(CODE);
    assertThat(error.path("type").asText()).isEqualTo("api_error");
    assertThat(error.path("message").asText()).contains(what);
  }

  /** Given up before any output was read: the prompt counted locally, no completion. */
  private void assertPromptOnlyEntry(String key, boolean streamed) {
    UsageRecorded entry = onlyEntry(key);
    assertThat(entry.streamed()).isEqualTo(streamed);
    assertThat(entry.estimated()).isTrue();
    assertThat(entry.retried()).isFalse();
    assertThat(entry.usage().promptTokens()).isPositive();
    assertThat(entry.usage().completionTokens()).isZero();
  }

  /** The proxy stopped reading long before the stub's 64 MB (or endless) answer was written. */
  private void assertStubGaveUp(String marker) {
    await().atMost(Duration.ofSeconds(20)).until(() -> stub.openResponses() == 0);
    System.out.printf(
        "[answer-bounds] %s: the stub wrote %,d bytes before the proxy gave up%n",
        marker, stub.written(marker));
    // what the sockets' buffers take in besides the limit: a few MB at most
    assertThat(stub.written(marker)).isLessThan(HostileUpstreamStub.HUGE / 2);
  }

  private void assertStillAnswers(String key, String alias) throws Exception {
    Answer whole = chat(key, alias, "hi", false);
    assertThat(whole.status()).as(whole.body()).isEqualTo(200);
    assertThat(json.readTree(whole.body()).at("/choices/0/message/content").asText())
        .isEqualTo(HostileUpstreamStub.GREETING);
    Answer streamed = chat(key, alias, "hi", true);
    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.body()).contains("data: [DONE]").doesNotContain("\"error\"");
    assertThat(contentOf(streamed)).isEqualTo(HostileUpstreamStub.GREETING);
  }

  private UsageRecorded onlyEntry(String key) {
    List<UsageRecorded> entries = entries(key, 1);
    UsageRecorded entry = entries.get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.ANSWER_TOO_LARGE);
    return entry;
  }

  private List<UsageRecorded> entries(String key, int expected) {
    String keyId = ProxyNode.keyId(key);
    await().atMost(Duration.ofSeconds(15)).until(() -> node.ledger(keyId).size() >= expected);
    List<UsageRecorded> entries = node.ledger(keyId);
    assertThat(entries).hasSize(expected);
    return entries;
  }

  /** The generated text of an OpenAI-shaped stream, its chunks' content joined. */
  private String contentOf(Answer answer) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : answer.body().split("\n")) {
      if (line.startsWith("data: {\"id\"")) {
        for (JsonNode choice : json.readTree(line.substring(6)).path("choices")) {
          text.append(choice.path("delta").path("content").asText(""));
        }
      }
    }
    return text.toString();
  }

  private static String dataAfter(String body, String start) {
    int at = body.indexOf(start);
    assertThat(at).as(body).isNotNegative();
    int from = body.indexOf('{', at);
    return body.substring(from, body.indexOf('\n', from));
  }

  private String key() {
    return node.issueKey(admin, "bounds-" + keys.incrementAndGet(), List.of("*"));
  }

  private Answer chat(String key, String alias, String text, boolean streamed) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", alias);
    body.put("messages", List.of(Map.of("role", "user", "content", text)));
    if (streamed) {
      body.put("stream", true);
    }
    return post("/v1/chat/completions", Map.of("Authorization", "Bearer " + key), body);
  }

  private Answer messages(String key, String text, boolean streamed) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "oa");
    body.put("max_tokens", 100);
    body.put("messages", List.of(Map.of("role", "user", "content", text)));
    if (streamed) {
      body.put("stream", true);
    }
    return post("/v1/messages", Map.of("x-api-key", key, "anthropic-version", "2023-06-01"), body);
  }

  private Answer post(String path, Map<String, String> headers, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
            .header("Content-Type", "application/json")
            // generous: every answer here is cut within a second or two
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    headers.forEach(request::header);
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isNotEqualTo(500);
    return new Answer(response.statusCode(), response.body());
  }
}
