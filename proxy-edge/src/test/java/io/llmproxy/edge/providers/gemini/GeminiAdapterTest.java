package io.llmproxy.edge.providers.gemini;

import static io.llmproxy.support.GeminiUpstreamStub.ANSWER;
import static io.llmproxy.support.GeminiUpstreamStub.CACHED_PROMPT_TOKENS;
import static io.llmproxy.support.GeminiUpstreamStub.CACHED_TOKENS;
import static io.llmproxy.support.GeminiUpstreamStub.CANDIDATE_TOKENS;
import static io.llmproxy.support.GeminiUpstreamStub.PROMPT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.llmproxy.support.GeminiUpstreamStub;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpStatus;

/**
 * The adapter against a stub speaking Gemini's wire format, without the rest of the proxy: paths,
 * credential placement, translation of whole and streamed answers, and what each Gemini failure
 * becomes for the client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeminiAdapterTest {

  private static final String KEY = "gemini-test-key-123";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private GeminiUpstreamStub stub;
  private GeminiAdapter adapter;

  @BeforeAll
  void start() throws IOException {
    stub = new GeminiUpstreamStub(KEY);
    adapter = adapter(KEY);
  }

  @AfterAll
  void stop() {
    stub.close();
  }

  @Test
  void answersAChatCallWithTheKeyInAHeaderOnly() {
    ProviderResponse response = adapter.send(chat("Say hello", false)).block(WAIT);

    GeminiUpstreamStub.Received request = stub.last();
    assertThat(request.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(request.query()).isNull();
    assertThat(request.apiKey()).isEqualTo(KEY);
    JsonNode answer = GeminiFixtures.parse(new String(response.body()));
    assertThat(answer.path("choices").path(0).path("message").path("content").asText())
        .isEqualTo(ANSWER);
    assertThat(answer.path("model").asText()).isEqualTo("gemini-2.5-flash-001");
    assertThat(response.estimated()).isFalse();
    assertThat(response.usage()).isEqualTo(TokenUsage.of(PROMPT_TOKENS, CANDIDATE_TOKENS));
  }

  @Test
  void streamsChunksThenTheUsageWithCachedTokens() {
    List<StreamChunk> chunks = adapter.stream(chat("cached hello", true)).collectList().block(WAIT);

    assertThat(stub.last().path())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    assertThat(stub.last().query()).isEqualTo("alt=sse");
    StringBuilder text = new StringBuilder();
    chunks.forEach(
        chunk ->
            chunk
                .json()
                .path("choices")
                .forEach(c -> text.append(c.path("delta").path("content").asText(""))));
    assertThat(text.toString()).isEqualTo(ANSWER);
    assertThat(chunks.get(0).json().path("choices").path(0).path("delta").path("role").asText())
        .isEqualTo("assistant");
    JsonNode last = chunks.get(chunks.size() - 1).json();
    assertThat(last.path("choices")).isEmpty();
    assertThat(last.path("usage").path("prompt_tokens").asLong()).isEqualTo(CACHED_PROMPT_TOKENS);
    assertThat(last.path("usage").path("prompt_tokens_details").path("cached_tokens").asLong())
        .isEqualTo(CACHED_TOKENS);
    // the relay parses chunk data, so it must be the same JSON as the parsed form
    assertThat(chunks)
        .allSatisfy(
            chunk ->
                assertThat(GeminiFixtures.parse(new String(chunk.data(), StandardCharsets.UTF_8)))
                    .isEqualTo(GeminiFixtures.parse(chunk.json().toString())));
  }

  @Test
  void aStreamCutBeforeAnyFinishReasonFailsAfterItsChunks() {
    List<StreamChunk> seen = new ArrayList<>();
    assertThatThrownBy(
            () -> adapter.stream(chat("cut-stream", true)).doOnNext(seen::add).blockLast(WAIT))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.upstreamStatus()).isZero();
              assertThat(e.getMessage()).contains("finishReason");
            });
    assertThat(seen).isNotEmpty();
  }

  @Test
  void anErrorEventMidStreamFailsTheStream() {
    assertThatThrownBy(() -> adapter.stream(chat("error-mid-stream", true)).blockLast(WAIT))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> assertThat(e.toClientError("gemini").status()).isEqualTo(HttpStatus.BAD_GATEWAY));
  }

  @Test
  void aBlockedPromptIsABadRequestWithItsReason() {
    for (boolean streamed : List.of(false, true)) {
      ProviderCall call = chat("blocked words", streamed);
      Runnable attempt =
          streamed
              ? () -> adapter.stream(call).blockLast(WAIT)
              : () -> adapter.send(call).block(WAIT);
      assertThatThrownBy(attempt::run)
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> {
                ApiException client = e.toClientError("gemini");
                assertThat(client.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(client.code()).isEqualTo("content_filter");
                assertThat(client.getMessage()).contains("blockReason SAFETY");
              });
    }
  }

  @Test
  void googleValidationErrorsPassThroughWithTheirMessage() {
    ApiException client = failure("fail-400");
    assertThat(client.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(client.getMessage()).isEqualTo(GeminiUpstreamStub.BAD_REQUEST_MESSAGE);
  }

  @Test
  void refusalsOfOurCredentialAreGatewayErrors() {
    ApiException denied = failure("fail-403");
    assertThat(denied.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
    assertThat(denied.code()).isEqualTo("upstream_error");

    // Google answers a bad key with 400 INVALID_ARGUMENT: still our fault, not the client's
    ApiException badKey =
        assertThrowsUpstream(() -> adapter("wrong-key").send(chat("hello", false)).block(WAIT));
    assertThat(badKey.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
    assertThat(badKey.getMessage()).doesNotContain("wrong-key").doesNotContain(KEY);
  }

  @Test
  void rateLimitsCarryGooglesRetryDelay() {
    ApiException withHeader = failure("fail-429");
    assertThat(withHeader.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(withHeader.headers()).containsEntry("Retry-After", "7");

    ApiException fromRetryInfo = failure("fail-429-info");
    assertThat(fromRetryInfo.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(fromRetryInfo.headers()).containsEntry("Retry-After", "3");
  }

  @Test
  void serverErrorsAreGatewayErrors() {
    assertThat(failure("fail-500").status()).isEqualTo(HttpStatus.BAD_GATEWAY);
    assertThat(failure("fail-503").status()).isEqualTo(HttpStatus.BAD_GATEWAY);
  }

  @Test
  void embeddingsAreBatchedAndEstimated() {
    ObjectNode request = GeminiFixtures.JSON.createObjectNode();
    request.put("model", "embed").put("encoding_format", "base64").put("dimensions", 4);
    request.putArray("input").add("alpha").add("beta");
    ProviderCall call =
        new ProviderCall("req-e", Operation.EMBEDDINGS, "gemini-embedding-001", request);

    ProviderResponse response = adapter.send(call).block(WAIT);

    assertThat(stub.last().path())
        .isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    assertThat(response.estimated()).isTrue();
    assertThat(response.usage().promptTokens()).isPositive();
    JsonNode answer = GeminiFixtures.parse(new String(response.body()));
    assertThat(answer.path("data")).hasSize(2);
    byte[] bytes =
        Base64.getDecoder().decode(answer.path("data").path(1).path("embedding").asText());
    ByteBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] expected = GeminiUpstreamStub.embeddingOf("beta", 4);
    assertThat(bytes).hasSize(16);
    for (float value : expected) {
      assertThat(floats.getFloat()).isEqualTo(value);
    }
    assertThat(answer.path("usage").path("prompt_tokens").asLong())
        .isEqualTo(response.usage().promptTokens());
  }

  @Test
  void aRequestGeminiCannotTakeIsRefusedWithoutCallingIt() {
    int calls = stub.received().size();
    ObjectNode request =
        (ObjectNode)
            GeminiFixtures.parse(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":true}");
    ApiException client =
        assertThrowsUpstream(
            () ->
                adapter
                    .send(
                        new ProviderCall(
                            "r", Operation.CHAT_COMPLETIONS, "gemini-2.5-flash", request))
                    .block(WAIT));
    assertThat(client.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(client.param()).isEqualTo("logprobs");
    assertThat(stub.received()).hasSize(calls);
  }

  /**
   * The gateway refuses such a name before any adapter runs (UpstreamNamesHttpTest); the adapter on
   * its own still cannot be steered elsewhere: the name stays one segment, the model's.
   */
  @Test
  void aModelNameThatWouldChangeThePathStaysOneSegment() {
    ObjectNode request =
        (ObjectNode)
            GeminiFixtures.parse(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    ApiException client =
        assertThrowsUpstream(
            () ->
                adapter
                    .send(new ProviderCall("r", Operation.CHAT_COMPLETIONS, "../files/x", request))
                    .block(WAIT));
    assertThat(client.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(stub.last().rawPath()).isEqualTo("/v1beta/models/..%2Ffiles%2Fx:generateContent");
  }

  @Test
  void aProviderWithoutAnApiKeyFailsAtStart() {
    assertThatThrownBy(() -> adapter(" "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("llmproxy.providers.gemini.api-key");
  }

  private ApiException failure(String marker) {
    return assertThrowsUpstream(() -> adapter.send(chat(marker, false)).block(WAIT));
  }

  private static ApiException assertThrowsUpstream(Runnable attempt) {
    List<ApiException> errors = new ArrayList<>();
    assertThatThrownBy(attempt::run)
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> errors.add(e.toClientError("gemini")));
    return errors.get(0);
  }

  private static ProviderCall chat(String text, boolean stream) {
    ObjectNode request = GeminiFixtures.JSON.createObjectNode();
    request.put("model", "assistant").put("stream", stream);
    request.putArray("messages").addObject().put("role", "user").put("content", text);
    return new ProviderCall(
        "req-" + text.hashCode(), Operation.CHAT_COMPLETIONS, "gemini-2.5-flash", request);
  }

  private GeminiAdapter adapter(String key) {
    var settings =
        new ProviderSettings.Provider(
            ProviderKind.GEMINI,
            URI.create(stub.baseUrl()),
            key,
            Duration.ofSeconds(10),
            Duration.ZERO,
            null,
            ProviderSettings.Provider.DEFAULT_MAX_CONNECTIONS);
    return GeminiAdapter.create(
        "gemini",
        settings,
        GeminiFixtures.JSON,
        new UsageEstimator(new TokenCounter()),
        GeminiFixtures.CLOCK,
        UpstreamLimits.DEFAULTS);
  }
}
