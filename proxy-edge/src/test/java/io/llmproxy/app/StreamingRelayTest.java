package io.llmproxy.app;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * Streaming through the proxy against a real OpenAI-wire upstream: frames relayed as they come,
 * usage captured and hidden as the client asked, and every way a stream can end — completed,
 * cancelled by the client, broken by the upstream, refused, timed out — leaves exactly one ledger
 * entry with what was consumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class StreamingRelayTest {

  private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
      new ParameterizedTypeReference<>() {};

  @TempDir static Path dataDir;

  private final ObjectMapper json = new ObjectMapper();
  private final TokenCounter tokens = new TokenCounter();
  private final AtomicInteger keys = new AtomicInteger();
  private OpenAiUpstreamStub upstream;
  private ProxyNode node;
  private String admin;
  private WebClient client;

  @BeforeAll
  void start() throws IOException {
    upstream = new OpenAiUpstreamStub();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.upstream.kind", "openai-compatible",
                "llmproxy.providers.upstream.base-url", upstream.baseUrl(),
                "llmproxy.providers.upstream.timeout", "2s",
                "llmproxy.providers.patient.kind", "openai-compatible",
                "llmproxy.providers.patient.base-url", upstream.baseUrl(),
                "llmproxy.providers.patient.timeout", "60s",
                "llmproxy.providers.nowhere.kind", "openai-compatible",
                "llmproxy.providers.nowhere.base-url", "http://127.0.0.1:" + closedPort + "/v1"));
    admin = node.login();
    node.route(admin, "gpt", "upstream", "gpt-4o-mini");
    node.route(admin, "gone", "nowhere", "gpt-4o-mini");
    node.route(admin, "patient", "patient", "gpt-4o-mini");
    client = WebClient.create(node.baseUrl());
  }

  @AfterAll
  void stop() {
    node.close();
    upstream.close();
  }

  @Test
  void framesArriveWhileTheUpstreamIsStillStreaming() {
    String key = newKey();
    List<Integer> openStreamsAtFirstContent = new ArrayList<>();
    List<String> contents =
        stream(key, chatBody("drip-300 tell me", false))
            .doOnNext(
                event -> {
                  if (openStreamsAtFirstContent.isEmpty() && !content(event).isEmpty()) {
                    openStreamsAtFirstContent.add(upstream.openStreams());
                  }
                })
            .map(this::content)
            .collectList()
            .block(Duration.ofSeconds(20));
    assertThat(String.join("", contents)).isEqualTo(OpenAiUpstreamStub.ANSWER);
    // the first content frame was in the client's hands before the upstream finished its stream
    assertThat(openStreamsAtFirstContent).containsExactly(1);
  }

  @Test
  void usageTheProxyAskedForIsHiddenFromAClientThatDidNot() {
    String key = newKey();
    List<ServerSentEvent<String>> events = collect(key, chatBody("hello", false));
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    for (ServerSentEvent<String> event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = parse(event);
      assertThat(chunk.path("usage").isObject()).as(event.data()).isFalse();
      assertThat(chunk.path("choices")).as(event.data()).isNotEmpty();
    }
    JsonNode sent = upstream.received().get(upstream.received().size() - 1).body();
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertSingleEntry(key, UsageOutcome.SUCCESS, false, OpenAiUpstreamStub.PROMPT_TOKENS, 5);
  }

  @Test
  void aClientThatAskedForUsageGetsTheUsageChunk() {
    String key = newKey();
    List<ServerSentEvent<String>> events = collect(key, chatBody("hello", true));
    JsonNode usageChunk = parse(events.get(events.size() - 2));
    assertThat(usageChunk.path("choices")).isEmpty();
    assertThat(usageChunk.path("usage").path("prompt_tokens").asLong())
        .isEqualTo(OpenAiUpstreamStub.PROMPT_TOKENS);
    assertSingleEntry(key, UsageOutcome.SUCCESS, false, OpenAiUpstreamStub.PROMPT_TOKENS, 5);
  }

  @Test
  void usageOnTheLastContentChunkIsCapturedAndStrippedWithoutLosingTheChunk() {
    String key = newKey();
    List<ServerSentEvent<String>> events =
        collect(key, chatBody("usage-in-last-choice-chunk", false));
    JsonNode finish = parse(events.get(events.size() - 2));
    assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(finish.has("usage")).isFalse();
    assertSingleEntry(key, UsageOutcome.SUCCESS, false, OpenAiUpstreamStub.PROMPT_TOKENS, 5);
  }

  @Test
  void withoutProviderUsageTheStreamIsCountedLocallyAndMarkedEstimated() {
    String key = newKey();
    collect(key, chatBody("no-usage", false));
    UsageRecorded entry = onlyEntry(key);
    assertThat(entry.estimated()).isTrue();
    assertThat(entry.usage().promptTokens()).isPositive();
    assertThat(entry.usage().completionTokens())
        .isEqualTo(tokens.count("gpt-4o-mini", OpenAiUpstreamStub.ANSWER));
    assertThat(entry.streamed()).isTrue();
    assertThat(entry.timeToFirstTokenMillis()).isNotNull();
  }

  @Test
  void aClientThatGoesAwayCancelsTheUpstreamAndIsBilledForWhatWasStreamed()
      throws InterruptedException {
    String key = newKey();
    List<String> received =
        stream(key, chatBody("stall-after-2", false))
            .map(this::content)
            .filter(text -> !text.isEmpty())
            .take(2)
            .collectList()
            .block(Duration.ofSeconds(20));
    assertThat(received).hasSize(2);
    assertThat(upstream.awaitDisconnect(Duration.ofSeconds(10))).isTrue();
    UsageRecorded entry = awaitOnlyEntry(key);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.CLIENT_CANCELLED);
    assertThat(entry.estimated()).isTrue();
    assertThat(entry.usage().completionTokens())
        .isEqualTo(tokens.count("gpt-4o-mini", String.join("", received)));
  }

  @Test
  void anUpstreamThatBreaksMidStreamEndsTheStreamWithAnErrorEvent() {
    String key = newKey();
    List<ServerSentEvent<String>> events = collect(key, chatBody("drop-after-2", false));
    ServerSentEvent<String> last = events.get(events.size() - 1);
    assertThat(last.data()).isNotEqualTo("[DONE]");
    assertThat(parse(last).path("error").path("type").asText()).isEqualTo("api_error");
    UsageRecorded entry = onlyEntry(key);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
    assertThat(entry.usage().completionTokens())
        .isEqualTo(tokens.count("gpt-4o-mini", "Hello from"));
  }

  @Test
  void anUpstreamRefusalBeforeTheStreamIsAPlainErrorResponse() {
    String key = newKey();
    node.chat(key, chatBody("fail-400", false))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo(OpenAiUpstreamStub.BAD_REQUEST_MESSAGE)
        .jsonPath("$.error.param")
        .isEqualTo("temperature");
    assertSingleEntry(key, UsageOutcome.UPSTREAM_ERROR, false, 0, 0);
  }

  @Test
  void aSlowUpstreamTimesOutWith504AndAnUnreachableOneIs502() {
    String key = newKey();
    for (boolean streamed : new boolean[] {false, true}) {
      String body = streamed ? chatBody("slow-5000", false) : wholeBody("slow-5000");
      node.chat(key, body)
          .expectStatus()
          .isEqualTo(504)
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("upstream_timeout");
    }
    node.chat(key, wholeBody("hello").replace("\"gpt\"", "\"gone\""))
        .expectStatus()
        .isEqualTo(502)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("upstream_unavailable");
    assertThat(node.ledger(keyId(key)))
        .extracting(UsageRecorded::outcome)
        .containsOnly(UsageOutcome.UPSTREAM_ERROR)
        .hasSize(3);
  }

  @Test
  void toolsFormatsLogprobsAndUnknownFieldsReachTheUpstreamUntouched() throws IOException {
    String key = newKey();
    String body =
        """
        {"model":"gpt","stream":true,"n":2,"logprobs":true,"top_logprobs":3,
         "response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object"}}},
         "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object",
           "properties":{"q":{"type":"string"}}}}}],
         "tool_choice":"auto","parallel_tool_calls":false,"x_vendor_extension":{"deep":[1,2.5,null]},
         "messages":[{"role":"user","content":[{"type":"text","text":"hi"}]},
           {"role":"assistant","tool_calls":[{"id":"c1","type":"function",
             "function":{"name":"lookup","arguments":"{\\"q\\":1}"}}]},
           {"role":"tool","tool_call_id":"c1","content":"42"}]}""";
    collect(key, body);
    JsonNode expected = json.readTree(body);
    JsonNode sent = upstream.received().get(upstream.received().size() - 1).body();
    for (String field :
        List.of(
            "n",
            "logprobs",
            "top_logprobs",
            "response_format",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "x_vendor_extension",
            "messages")) {
      assertThat(sent.get(field)).as(field).isEqualTo(expected.get(field));
    }
    assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void aWholeAnswerCarriesItsExactCostWhichTheLedgerRecords() {
    String key = newKey();
    String cost =
        node.chat(key, wholeBody("hello"))
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getFirst("x-llmproxy-cost");
    // gpt-4o-mini: 17 prompt tokens at $0.15 and 5 completion tokens at $0.60 per million
    assertThat(cost).isEqualTo("0.00000555");
    UsageRecorded entry = onlyEntry(key);
    assertThat(entry.cost()).isEqualByComparingTo(cost);
    assertThat(entry.priceVersion()).isEqualTo("gpt-4o-mini#1");
  }

  @Test
  void aClientThatGivesUpOnAWholeAnswerIsRecordedAsCancelled() {
    String key = newKey();
    // a long upstream wait under a long timeout: however busy the machine, the proxy notices the
    // disconnect before the upstream would have answered
    String body = wholeBody("slow-20000").replace("\"gpt\"", "\"patient\"");
    int before = upstream.received().size();
    // an unpooled connection, closed when the client gives up, as a killed process's would be
    Disposable request =
        WebClient.builder()
            .baseUrl(node.baseUrl())
            .clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection()))
            .build()
            .post()
            .uri("/v1/chat/completions")
            .header("Authorization", "Bearer " + key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .retrieve()
            .bodyToMono(String.class)
            .subscribe(answer -> {}, error -> {});
    // give up only once the upstream is working on it, however slow the machine
    await().atMost(Duration.ofSeconds(10)).until(() -> upstream.received().size() > before);
    request.dispose();
    UsageRecorded entry = awaitOnlyEntry(key);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.CLIENT_CANCELLED);
    assertThat(entry.usage().promptTokens()).isPositive();
    assertThat(entry.usage().completionTokens()).isZero();
    assertThat(entry.estimated()).isTrue();
  }

  private String newKey() {
    return node.issueKey(
        admin, "stream-" + keys.incrementAndGet(), List.of("gpt", "gone", "patient"));
  }

  private String chatBody(String prompt, boolean includeUsage) {
    String options = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
    return "{\"model\":\"gpt\",\"stream\":true"
        + options
        + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}]}";
  }

  private static String wholeBody(String prompt) {
    return "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
  }

  private Flux<ServerSentEvent<String>> stream(String key, String body) {
    return client
        .post()
        .uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .bodyValue(body)
        .retrieve()
        .bodyToFlux(SSE)
        .filter(event -> event.data() != null);
  }

  private List<ServerSentEvent<String>> collect(String key, String body) {
    return stream(key, body).collectList().block(Duration.ofSeconds(20));
  }

  private String content(ServerSentEvent<String> event) {
    if ("[DONE]".equals(event.data())) {
      return "";
    }
    return TokenCounter.text(parse(event).path("choices").path(0).path("delta").path("content"));
  }

  private JsonNode parse(ServerSentEvent<String> event) {
    try {
      return json.readTree(event.data());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + event.data(), e);
    }
  }

  private UsageRecorded onlyEntry(String key) {
    List<UsageRecorded> entries = node.ledger(keyId(key));
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }

  private UsageRecorded awaitOnlyEntry(String key) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !node.ledger(keyId(key)).isEmpty());
    return onlyEntry(key);
  }

  private void assertSingleEntry(
      String key, UsageOutcome outcome, boolean estimated, long prompt, long completion) {
    UsageRecorded entry = onlyEntry(key);
    assertThat(entry.outcome()).isEqualTo(outcome);
    assertThat(entry.estimated()).isEqualTo(estimated);
    assertThat(entry.usage().promptTokens()).isEqualTo(prompt);
    assertThat(entry.usage().completionTokens()).isEqualTo(completion);
  }
}
