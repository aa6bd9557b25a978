package io.llmproxy.edge.providers.gemini;

import static io.llmproxy.support.GeminiUpstreamStub.ANSWER;
import static io.llmproxy.support.GeminiUpstreamStub.CACHED_PROMPT_TOKENS;
import static io.llmproxy.support.GeminiUpstreamStub.CACHED_TOKENS;
import static io.llmproxy.support.GeminiUpstreamStub.CANDIDATE_TOKENS;
import static io.llmproxy.support.GeminiUpstreamStub.PROMPT_TOKENS;
import static io.llmproxy.support.GeminiUpstreamStub.THOUGHT_TOKENS;
import static io.llmproxy.support.GeminiUpstreamStub.TOOL_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.GeminiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official openai-java SDK against the proxy routed to a stub speaking Gemini's wire format:
 * chat (text, several choices, tools, a tool-result turn), streams, legacy completions and
 * embeddings must parse as the SDK expects, land in the ledger with Gemini's own token counts, and
 * Gemini's failures must surface as the SDK's typed errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class GeminiSdkConformanceTest {

  private static final String UPSTREAM_KEY = "test-key";
  private static final String CHAT = "gem";
  private static final String EMBED = "gem-embed";
  private static final String MODEL = "gemini-2.5-flash";
  private static final String EMBED_MODEL = "gemini-embedding-001";

  @TempDir static Path dataDir;

  private GeminiUpstreamStub stub;
  private ProxyNode node;
  private String admin;
  private final List<OpenAIClient> clients = new ArrayList<>();

  private record Caller(String key, String keyId, OpenAIClient client) {}

  @BeforeAll
  void start() throws IOException {
    stub = new GeminiUpstreamStub(UPSTREAM_KEY);
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.gemini.kind",
                "gemini",
                "llmproxy.providers.gemini.base-url",
                stub.baseUrl(),
                "llmproxy.providers.gemini.api-key",
                UPSTREAM_KEY));
    admin = node.login();
    node.route(admin, CHAT, "gemini", MODEL);
    node.route(admin, EMBED, "gemini", EMBED_MODEL);
  }

  @AfterAll
  void stop() {
    clients.forEach(OpenAIClient::close);
    if (node != null) {
      node.close();
    }
    if (stub != null) {
      stub.close();
    }
  }

  @Test
  void chatCompletion() {
    Caller caller = caller();
    ChatCompletion answer =
        caller.client().chat().completions().create(chat("Say hello").temperature(0.3).build());

    assertThat(answer.choices()).hasSize(1);
    assertThat(answer.choices().get(0).message().content()).contains(ANSWER);
    assertThat(answer.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(answer.usage().orElseThrow().promptTokens()).isEqualTo(PROMPT_TOKENS);
    GeminiUpstreamStub.Received request = stub.last();
    assertThat(request.path()).endsWith("/models/" + MODEL + ":generateContent");
    assertThat(request.apiKey()).isEqualTo(UPSTREAM_KEY);
    assertThat(request.query()).isNull();
    assertThat(request.body().path("generationConfig").path("temperature").asDouble())
        .isEqualTo(0.3);
    UsageRecorded entry = assertLedger(caller, CHAT, MODEL, PROMPT_TOKENS, CANDIDATE_TOKENS);
    assertThat(entry.streamed()).isFalse();
    assertThat(entry.cost()).as("gemini-2.5-flash is in the price table").isNotNull();
  }

  @Test
  void severalChoicesAreSeveralCandidates() {
    Caller caller = caller();
    ChatCompletion answer =
        caller.client().chat().completions().create(chat("Say hello twice").n(2).build());

    assertThat(stub.last().body().path("generationConfig").path("candidateCount").asInt())
        .isEqualTo(2);
    assertThat(answer.choices()).extracting(choice -> choice.index()).containsExactly(0L, 1L);
    assertThat(answer.choices())
        .allSatisfy(choice -> assertThat(choice.message().content()).contains(ANSWER));
    assertLedger(caller, CHAT, MODEL, PROMPT_TOKENS, 2 * CANDIDATE_TOKENS);
  }

  @Test
  void thinkingTokensAreBilledAsCompletion() {
    Caller caller = caller();
    ChatCompletion answer = caller.client().chat().completions().create(chat("think").build());

    var usage = answer.usage().orElseThrow();
    assertThat(usage.completionTokens()).isEqualTo(CANDIDATE_TOKENS + THOUGHT_TOKENS);
    assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens())
        .contains((long) THOUGHT_TOKENS);
    assertLedger(caller, CHAT, MODEL, PROMPT_TOKENS, CANDIDATE_TOKENS + THOUGHT_TOKENS);
  }

  @Test
  void toolCallsRoundTrip() {
    Caller caller = caller();
    ChatCompletionCreateParams first =
        chat("tool-call: weather in Paris?").addTool(weatherTool()).build();
    ChatCompletion answer = caller.client().chat().completions().create(first);

    JsonNode declaration =
        stub.last().body().path("tools").path(0).path("functionDeclarations").path(0);
    assertThat(declaration.path("name").asText()).isEqualTo(TOOL_NAME);
    assertThat(declaration.path("parameters").path("type").asText()).isEqualTo("OBJECT");
    assertThat(declaration.path("parameters").has("additionalProperties")).isFalse();
    var choice = answer.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call =
        choice.message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.id()).startsWith("call_");
    assertThat(call.function().name()).isEqualTo(TOOL_NAME);
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");

    ChatCompletionCreateParams second =
        first.toBuilder()
            .addMessage(choice.message())
            .addMessage(
                ChatCompletionToolMessageParam.builder()
                    .toolCallId(call.id())
                    .content("21 degrees and sunny")
                    .build())
            .build();
    caller.client().chat().completions().create(second);

    JsonNode contents = stub.last().body().path("contents");
    JsonNode modelTurn = contents.path(contents.size() - 2);
    assertThat(modelTurn.path("role").asText()).isEqualTo("model");
    assertThat(
            modelTurn.path("parts").path(0).path("functionCall").path("args").path("city").asText())
        .isEqualTo("Paris");
    // the SDK keeps the unknown extra_content of a tool call, so Gemini gets its signature back
    assertThat(modelTurn.path("parts").path(0).path("thoughtSignature").asText())
        .isEqualTo(GeminiUpstreamStub.THOUGHT_SIGNATURE);
    JsonNode response = contents.path(contents.size() - 1).path("parts").path(0);
    assertThat(response.path("functionResponse").path("name").asText()).isEqualTo(TOOL_NAME);
    assertThat(response.path("functionResponse").path("response").path("content").asText())
        .isEqualTo("21 degrees and sunny");
  }

  @Test
  void streamedChatCompletion() {
    Caller caller = caller();
    List<ChatCompletionChunk> chunks = streamChat(caller, chat("Stream hello").build());

    assertThat(stub.last().path()).endsWith(":streamGenerateContent");
    assertThat(stub.last().query()).isEqualTo("alt=sse");
    assertThat(contentOf(chunks)).isEqualTo(ANSWER);
    assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
    assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
    assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.usage()).isPresent());
    assertThat(chunks)
        .anySatisfy(
            chunk ->
                assertThat(chunk.choices())
                    .anySatisfy(
                        c ->
                            assertThat(c.finishReason())
                                .contains(ChatCompletionChunk.Choice.FinishReason.STOP)));
    UsageRecorded entry = assertLedger(caller, CHAT, MODEL, PROMPT_TOKENS, CANDIDATE_TOKENS);
    assertThat(entry.streamed()).isTrue();
  }

  @Test
  void streamedUsageCarriesCachedTokensIntoTheLedger() {
    Caller caller = caller();
    List<ChatCompletionChunk> chunks =
        streamChat(
            caller,
            chat("cached context")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    var usage = last.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(CACHED_PROMPT_TOKENS);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens())
        .contains((long) CACHED_TOKENS);
    UsageRecorded entry = assertLedger(caller, CHAT, MODEL, CACHED_PROMPT_TOKENS, CANDIDATE_TOKENS);
    assertThat(entry.usage().cachedTokens()).isEqualTo(CACHED_TOKENS);
  }

  @Test
  void streamedToolCall() {
    Caller caller = caller();
    List<ChatCompletionChunk> chunks =
        streamChat(caller, chat("tool-call please").addTool(weatherTool()).build());

    var toolCalls =
        chunks.stream()
            .flatMap(chunk -> chunk.choices().stream())
            .flatMap(choice -> choice.delta().toolCalls().stream().flatMap(List::stream))
            .toList();
    assertThat(toolCalls).hasSize(1);
    assertThat(toolCalls.get(0).index()).isZero();
    assertThat(toolCalls.get(0).id()).hasValueSatisfying(id -> assertThat(id).startsWith("call_"));
    assertThat(toolCalls.get(0).function().orElseThrow().arguments())
        .contains("{\"city\":\"Paris\"}");
    assertThat(chunks)
        .anySatisfy(
            chunk ->
                assertThat(chunk.choices())
                    .anySatisfy(
                        c ->
                            assertThat(c.finishReason())
                                .contains(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS)));
  }

  @Test
  void aStreamCutBeforeItsFinishReasonIsAnErrorNotAnEnd() {
    Caller caller = caller();
    assertThatThrownBy(() -> streamChat(caller, chat("cut-stream").build()))
        .as("a truncated answer must not look complete to the client")
        .isInstanceOf(OpenAIException.class);
    UsageRecorded entry = awaitLedger(caller).get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
    assertThat(entry.usage().completionTokens()).isPositive();
  }

  @Test
  void legacyCompletion() {
    Caller caller = caller();
    Completion answer =
        caller
            .client()
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model(CHAT)
                    .prompt("Once upon a time")
                    .maxTokens(16)
                    .build());

    assertThat(answer.choices().get(0).text()).isEqualTo(ANSWER);
    assertThat(
            stub.last().body().path("contents").path(0).path("parts").path(0).path("text").asText())
        .isEqualTo("Once upon a time");
    assertThat(stub.last().body().path("generationConfig").path("maxOutputTokens").asInt())
        .isEqualTo(16);
    assertLedger(caller, CHAT, MODEL, PROMPT_TOKENS, CANDIDATE_TOKENS);
  }

  @Test
  void embeddingsInTheSdksDefaultBase64Encoding() {
    Caller caller = caller();
    List<String> inputs = List.of("alpha", "beta");
    CreateEmbeddingResponse answer =
        caller
            .client()
            .embeddings()
            .create(
                EmbeddingCreateParams.builder().model(EMBED).inputOfArrayOfStrings(inputs).build());

    assertThat(stub.last().path()).endsWith("/models/" + EMBED_MODEL + ":batchEmbedContents");
    assertThat(stub.last().body().path("requests")).hasSize(2);
    assertThat(answer.data()).hasSize(2);
    for (var embedding : answer.data()) {
      float[] expected =
          GeminiUpstreamStub.embeddingOf(
              inputs.get((int) embedding.index()), GeminiUpstreamStub.EMBEDDING_DIMENSIONS);
      assertThat(embedding.embedding()).hasSize(expected.length);
      for (int i = 0; i < expected.length; i++) {
        assertThat(embedding.embedding().get(i)).isEqualTo(expected[i]);
      }
    }
    UsageRecorded entry = awaitLedger(caller).get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(entry.estimated()).as("Gemini reports no embedding tokens").isTrue();
    assertThat(entry.usage().promptTokens()).isEqualTo(answer.usage().promptTokens()).isPositive();
    assertThat(entry.endpoint()).isEqualTo("embeddings");
  }

  @Test
  void embeddingsAsFloatsWithDimensions() {
    Caller caller = caller();
    CreateEmbeddingResponse answer =
        caller
            .client()
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model(EMBED)
                    .input("gamma")
                    .dimensions(4)
                    .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                    .build());

    assertThat(stub.last().body().path("requests").path(0).path("outputDimensionality").asInt())
        .isEqualTo(4);
    assertThat(answer.data().get(0).embeddingValue().isFloats()).isTrue();
    assertThat(answer.data().get(0).embedding()).hasSize(4);
  }

  @Test
  void googleValidationErrorsReachTheClientWithGooglesMessage() {
    Caller caller = caller();
    assertThatThrownBy(() -> caller.client().chat().completions().create(chat("fail-400").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains(GeminiUpstreamStub.BAD_REQUEST_MESSAGE);
              assertNoSecrets(e, caller);
            });
    assertUpstreamErrorEntry(caller);
  }

  @Test
  void googleValidationErrorsOfAStreamAreTypedToo() {
    Caller caller = caller();
    assertThatThrownBy(() -> streamChat(caller, chat("fail-400 streamed").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.getMessage()).contains(GeminiUpstreamStub.BAD_REQUEST_MESSAGE));
    assertUpstreamErrorEntry(caller);
  }

  @Test
  void aPermissionErrorFromGoogleIsOursAndABadGateway() {
    Caller caller = caller();
    assertThatThrownBy(() -> caller.client().chat().completions().create(chat("fail-403").build()))
        .isInstanceOfSatisfying(
            InternalServerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(502);
              assertThat(e.code()).contains("upstream_error");
              assertThat(e.getMessage()).doesNotContain(GeminiUpstreamStub.PERMISSION_MESSAGE);
              assertNoSecrets(e, caller);
            });
    assertUpstreamErrorEntry(caller);
  }

  @Test
  void googleRateLimitsKeepTheirRetryAfter() {
    Caller caller = caller();
    assertThatThrownBy(() -> caller.client().chat().completions().create(chat("fail-429").build()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(429);
              assertThat(e.headers().values("Retry-After")).containsExactly("7");
            });
    assertUpstreamErrorEntry(caller);
  }

  @Test
  void anOverloadedModelIsABadGateway() {
    Caller caller = caller();
    assertThatThrownBy(() -> caller.client().chat().completions().create(chat("fail-503").build()))
        .isInstanceOfSatisfying(
            InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
    assertUpstreamErrorEntry(caller);
  }

  @Test
  void aBlockedPromptIsABadRequestNamingTheReason() {
    Caller caller = caller();
    assertThatThrownBy(
            () -> caller.client().chat().completions().create(chat("blocked content").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.code()).contains("content_filter");
              assertThat(e.getMessage()).contains("SAFETY");
            });
  }

  // ------------------------------------------------------------------------ helpers

  private static ChatCompletionCreateParams.Builder chat(String text) {
    return ChatCompletionCreateParams.builder().model(CHAT).addUserMessage(text);
  }

  private static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder()
        .function(
            FunctionDefinition.builder()
                .name(TOOL_NAME)
                .description("Current weather in a city")
                .parameters(
                    FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                            "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .build())
                .strict(true)
                .build())
        .build();
  }

  private static List<ChatCompletionChunk> streamChat(
      Caller caller, ChatCompletionCreateParams params) {
    try (StreamResponse<ChatCompletionChunk> stream =
        caller.client().chat().completions().createStreaming(params)) {
      return stream.stream().toList();
    }
  }

  private static String contentOf(List<ChatCompletionChunk> chunks) {
    StringBuilder text = new StringBuilder();
    chunks.forEach(
        chunk ->
            chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
    return text.toString();
  }

  private UsageRecorded assertLedger(
      Caller caller, String alias, String upstreamModel, long prompt, long completion) {
    List<UsageRecorded> ledger = awaitLedger(caller);
    assertThat(ledger).hasSize(1);
    UsageRecorded entry = ledger.get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(entry.estimated()).as("estimated").isFalse();
    assertThat(entry.alias()).isEqualTo(alias);
    assertThat(entry.provider()).isEqualTo("gemini");
    assertThat(entry.upstreamModel()).isEqualTo(upstreamModel);
    assertThat(entry.usage().promptTokens()).as("prompt tokens").isEqualTo(prompt);
    assertThat(entry.usage().completionTokens()).as("completion tokens").isEqualTo(completion);
    assertThat(entry.usage().totalTokens()).as("total tokens").isEqualTo(prompt + completion);
    return entry;
  }

  private void assertUpstreamErrorEntry(Caller caller) {
    UsageRecorded entry = awaitLedger(caller).get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
    assertThat(entry.usage().totalTokens()).isZero();
  }

  private static void assertNoSecrets(OpenAIServiceException e, Caller caller) {
    for (String secret : List.of(caller.key(), UPSTREAM_KEY)) {
      assertThat(String.valueOf(e.getMessage())).doesNotContain(secret);
      assertThat(String.valueOf(e.body())).doesNotContain(secret);
      assertThat(String.valueOf(e.headers())).doesNotContain(secret);
    }
  }

  private List<UsageRecorded> awaitLedger(Caller caller) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !node.ledger(caller.keyId()).isEmpty());
    return node.ledger(caller.keyId());
  }

  private Caller caller() {
    String key = node.issueKey(admin, "gemini-sdk-" + clients.size(), List.of("*"));
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(node.baseUrl() + "/v1")
            .apiKey(key)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
    clients.add(client);
    return new Caller(key, ProxyNode.keyId(key), client);
  }
}
