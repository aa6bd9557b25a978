package io.llmproxy.edge.providers.anthropic;

import static io.llmproxy.support.AnthropicUpstreamStub.ANSWER;
import static io.llmproxy.support.AnthropicUpstreamStub.API_KEY;
import static io.llmproxy.support.AnthropicUpstreamStub.CACHE_READ;
import static io.llmproxy.support.AnthropicUpstreamStub.CACHE_WRITE;
import static io.llmproxy.support.AnthropicUpstreamStub.INPUT_TOKENS;
import static io.llmproxy.support.AnthropicUpstreamStub.OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderKind;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.providers.UpstreamLimits;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.support.AnthropicUpstreamStub;
import io.llmproxy.support.GoldenFiles;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpStatus;
import reactor.test.StepVerifier;

/**
 * The adapter against a stub that speaks Anthropic's wire format, without the rest of the proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicAdapterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "claude-sonnet-4-5";
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private AnthropicUpstreamStub stub;
  private AnthropicAdapter adapter;

  @BeforeAll
  void start() throws IOException {
    stub = new AnthropicUpstreamStub();
    adapter = adapter(API_KEY, null);
  }

  @AfterAll
  void stop() {
    stub.close();
  }

  @Test
  void sendsTheCredentialAndVersionHeadersAndTranslatesTheAnswer() throws IOException {
    ProviderResponse response = adapter.send(call("Say hello")).block();

    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("created").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(body.path("choices").path(0).path("message").path("content").asText())
        .isEqualTo(ANSWER);
    assertThat(response.usage()).isEqualTo(TokenUsage.of(INPUT_TOKENS, OUTPUT_TOKENS));
    assertThat(response.estimated()).isFalse();
    AnthropicUpstreamStub.Received received = stub.last();
    assertThat(received.apiKey()).isEqualTo(API_KEY);
    assertThat(received.version()).isEqualTo(AnthropicAdapter.DEFAULT_VERSION);
    assertThat(received.contentType()).startsWith("application/json");
    assertThat(received.body().path("model").asText()).isEqualTo(MODEL);
    assertThat(received.body().path("max_tokens").asInt())
        .isEqualTo(ChatToMessages.DEFAULT_MAX_TOKENS);
  }

  @Test
  void aConfiguredApiVersionIsSentInstead() {
    AnthropicAdapter dated = adapter(API_KEY, "2099-01-01");
    dated.send(call("Say hello")).block();
    assertThat(stub.last().version()).isEqualTo("2099-01-01");
  }

  @Test
  void cacheReadsAndWritesArePartOfThePromptAndReportedSeparately() {
    ProviderResponse response = adapter.send(call("cache-hit")).block();

    long prompt = INPUT_TOKENS + CACHE_READ + CACHE_WRITE;
    assertThat(response.usage())
        .isEqualTo(
            new TokenUsage(prompt, OUTPUT_TOKENS, prompt + OUTPUT_TOKENS, CACHE_READ, CACHE_WRITE));
  }

  @Test
  void streamsChunksThatCompleteOnlyAtMessageStop() {
    List<StreamChunk> chunks = adapter.stream(call("Stream hello")).collectList().block();

    assertThat(stub.last().body().path("stream").asBoolean()).isTrue();
    StringBuilder text = new StringBuilder();
    chunks.forEach(
        chunk ->
            text.append(
                chunk.json().path("choices").path(0).path("delta").path("content").asText("")));
    assertThat(text.toString()).isEqualTo(ANSWER);
    StreamChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.json().path("choices")).isEmpty();
    assertThat(last.json().path("usage").path("prompt_tokens").asLong()).isEqualTo(INPUT_TOKENS);
    assertThat(last.json().path("usage").path("completion_tokens").asLong())
        .isEqualTo(OUTPUT_TOKENS);
    assertThat(chunks)
        .allSatisfy(
            chunk ->
                assertThat(JSON.readTree(chunk.data()))
                    .isEqualTo(GoldenFiles.asSent(chunk.json())));
  }

  @Test
  void anErrorEventMidStreamFailsAfterTheChunksBeforeIt() {
    StepVerifier.create(adapter.stream(call("stream-error")))
        .expectNextCount(2)
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(UpstreamException.class);
              assertThat(((UpstreamException) e).upstreamStatus()).isEqualTo(529);
            })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aStreamCutBeforeMessageStopIsMalformed() {
    StepVerifier.create(adapter.stream(call("stream-cut")))
        .expectNextCount(2)
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(UpstreamException.class);
              assertThat(((UpstreamException) e).upstreamStatus()).isZero();
              assertThat(e.getMessage()).contains("message_stop");
            })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void completionsAndEmbeddingsAreRefusedWithoutCallingAnthropic() throws IOException {
    int calls = stub.received().size();
    for (Operation operation : List.of(Operation.COMPLETIONS, Operation.EMBEDDINGS)) {
      ObjectNode request = (ObjectNode) JSON.readTree("{\"model\":\"claude\",\"input\":\"x\"}");
      ProviderCall call = new ProviderCall("req-1", operation, MODEL, request);
      StepVerifier.create(adapter.send(call))
          .expectErrorSatisfies(
              e -> assertClientError(e, HttpStatus.BAD_REQUEST, "not supported by Anthropic"))
          .verify(Duration.ofSeconds(5));
      StepVerifier.create(adapter.stream(call))
          .expectErrorSatisfies(
              e -> assertClientError(e, HttpStatus.BAD_REQUEST, "not supported by Anthropic"))
          .verify(Duration.ofSeconds(5));
    }
    assertThat(stub.received()).hasSize(calls);
  }

  @Test
  void anthropicErrorsReachTheClientAsTheProxysErrors() {
    StepVerifier.create(adapter.send(call("fail-400")))
        .expectErrorSatisfies(
            e ->
                assertClientError(
                    e, HttpStatus.BAD_REQUEST, AnthropicUpstreamStub.BAD_REQUEST_MESSAGE))
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(adapter.send(call("fail-401")))
        .expectErrorSatisfies(e -> assertClientError(e, HttpStatus.BAD_GATEWAY, "HTTP 401"))
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(adapter.send(call("fail-529")))
        .expectErrorSatisfies(e -> assertClientError(e, HttpStatus.BAD_GATEWAY, "HTTP 529"))
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(adapter.stream(call("fail-429")))
        .expectErrorSatisfies(
            e -> {
              ApiException client = assertClientError(e, HttpStatus.TOO_MANY_REQUESTS, "retry");
              assertThat(client.headers()).containsEntry("Retry-After", "7");
            })
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aWrongCredentialIsNeverEchoed() {
    AnthropicAdapter wrong = adapter("sk-ant-wrong-secret", null);
    StepVerifier.create(wrong.send(call("hi")))
        .expectErrorSatisfies(
            e -> {
              ApiException client = assertClientError(e, HttpStatus.BAD_GATEWAY, "HTTP 401");
              assertThat(client.getMessage()).doesNotContain("sk-ant-wrong-secret");
            })
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void withoutABaseUrlAnthropicsOwnApiIsUsed() {
    ProviderSettings.Provider settings =
        new ProviderSettings.Provider(
            ProviderKind.ANTHROPIC,
            null,
            API_KEY,
            Duration.ofSeconds(5),
            Duration.ZERO,
            null,
            ProviderSettings.Provider.DEFAULT_MAX_CONNECTIONS);
    assertThatCode(
            () ->
                new AnthropicAdapter(
                    "claude",
                    settings,
                    JSON,
                    new UsageEstimator(new TokenCounter()),
                    Clock.systemUTC(),
                    UpstreamLimits.DEFAULTS))
        .doesNotThrowAnyException();
    assertThat(AnthropicAdapter.DEFAULT_BASE_URL)
        .isEqualTo(URI.create("https://api.anthropic.com/v1"));
  }

  private static ApiException assertClientError(Throwable e, HttpStatus status, String message) {
    assertThat(e).isInstanceOf(UpstreamException.class);
    ApiException client = ((UpstreamException) e).toClientError("claude");
    assertThat(client.status()).isEqualTo(status);
    assertThat(client.getMessage()).containsIgnoringCase(message);
    return client;
  }

  private AnthropicAdapter adapter(String apiKey, String version) {
    ProviderSettings.Provider settings =
        new ProviderSettings.Provider(
            ProviderKind.ANTHROPIC,
            URI.create(stub.baseUrl()),
            apiKey,
            Duration.ofSeconds(10),
            Duration.ZERO,
            version,
            ProviderSettings.Provider.DEFAULT_MAX_CONNECTIONS);
    return new AnthropicAdapter(
        "claude",
        settings,
        JSON,
        new UsageEstimator(new TokenCounter()),
        Clock.fixed(NOW, ZoneOffset.UTC),
        UpstreamLimits.DEFAULTS);
  }

  private static ProviderCall call(String text) {
    ObjectNode request = JSON.createObjectNode();
    request.put("model", "claude");
    request.putArray("messages").addObject().put("role", "user").put("content", text);
    return new ProviderCall("req-1", Operation.CHAT_COMPLETIONS, MODEL, request);
  }
}
