package io.llmproxy.edge.providers.anthropic;

import static io.llmproxy.support.AnthropicUpstreamStub.ANSWER;
import static io.llmproxy.support.AnthropicUpstreamStub.ANSWER_PIECES;
import static io.llmproxy.support.AnthropicUpstreamStub.API_KEY;
import static io.llmproxy.support.AnthropicUpstreamStub.CACHE_READ;
import static io.llmproxy.support.AnthropicUpstreamStub.CACHE_WRITE;
import static io.llmproxy.support.AnthropicUpstreamStub.INPUT_TOKENS;
import static io.llmproxy.support.AnthropicUpstreamStub.OUTPUT_TOKENS;
import static io.llmproxy.support.AnthropicUpstreamStub.TOOL_ID;
import static io.llmproxy.support.AnthropicUpstreamStub.TOOL_INPUT;
import static io.llmproxy.support.AnthropicUpstreamStub.TOOL_NAME;
import static io.llmproxy.support.AnthropicUpstreamStub.TOOL_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.AnthropicUpstreamStub;
import io.llmproxy.support.EndToEnd;
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
 * The official openai-java SDK against the proxy, routed to a provider of kind {@code anthropic}
 * backed by a stub of Anthropic's Messages API: text, tools, streams, cache usage in the ledger,
 * and Anthropic's errors as the SDK's typed exceptions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class AnthropicProviderSdkTest {

  private static final String ALIAS = "claude";
  private static final String PROVIDER = "claude";
  private static final String MODEL = "claude-sonnet-4-5";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private AnthropicUpstreamStub stub;
  private ProxyNode node;
  private String admin;
  private final List<OpenAIClient> clients = new ArrayList<>();

  private record Caller(String keyId, OpenAIClient client) {}

  @BeforeAll
  void start() throws IOException {
    stub = new AnthropicUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.claude.kind",
                "anthropic",
                "llmproxy.providers.claude.base-url",
                stub.baseUrl(),
                "llmproxy.providers.claude.api-key",
                API_KEY));
    admin = node.login();
    node.route(admin, ALIAS, PROVIDER, MODEL);
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
        caller
            .client()
            .chat()
            .completions()
            .create(chat("Say hello").addSystemMessage("Be brief.").build());

    assertThat(answer.choices().get(0).message().content()).contains(ANSWER);
    assertThat(answer.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(answer.usage().orElseThrow().promptTokens()).isEqualTo(INPUT_TOKENS);
    assertThat(answer.usage().orElseThrow().completionTokens()).isEqualTo(OUTPUT_TOKENS);
    AnthropicUpstreamStub.Received received = stub.last();
    assertThat(received.apiKey()).isEqualTo(API_KEY);
    assertThat(received.version()).isEqualTo("2023-06-01");
    assertThat(received.body().path("model").asText()).isEqualTo(MODEL);
    assertThat(received.body().path("system").path(0).path("text").asText()).isEqualTo("Be brief.");
    assertLedger(caller, TokenUsage.of(INPUT_TOKENS, OUTPUT_TOKENS), false);
  }

  @Test
  void toolCallAndToolResultRoundTrip() throws IOException {
    Caller caller = caller();
    ChatCompletionCreateParams.Builder first =
        chat("What is the weather in Paris? use-tool")
            .addFunctionTool(weatherTool())
            .toolChoice(
                ChatCompletionNamedToolChoice.builder()
                    .function(
                        ChatCompletionNamedToolChoice.Function.builder().name(TOOL_NAME).build())
                    .build());
    ChatCompletion answer = caller.client().chat().completions().create(first.build());

    assertThat(answer.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(answer.choices().get(0).message().content()).contains(TOOL_TEXT);
    ChatCompletionMessageFunctionToolCall call =
        answer.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.id()).isEqualTo(TOOL_ID);
    assertThat(call.function().name()).isEqualTo(TOOL_NAME);
    assertThat(JSON.readTree(call.function().arguments())).isEqualTo(JSON.readTree(TOOL_INPUT));
    JsonNode upstreamTool = stub.last().body().path("tools").path(0);
    assertThat(upstreamTool.path("name").asText()).isEqualTo(TOOL_NAME);
    assertThat(upstreamTool.path("input_schema").path("type").asText()).isEqualTo("object");
    assertThat(stub.last().body().path("tool_choice").path("type").asText()).isEqualTo("tool");

    // the next turn sends the call and its result back; the stub checks they pair up
    ChatCompletion followUp =
        caller
            .client()
            .chat()
            .completions()
            .create(
                chat("What is the weather in Paris? use-tool")
                    .addFunctionTool(weatherTool())
                    .addMessage(answer.choices().get(0).message())
                    .addMessage(
                        ChatCompletionToolMessageParam.builder()
                            .toolCallId(call.id())
                            .content("18 degrees, cloudy")
                            .build())
                    .build());
    assertThat(followUp.choices().get(0).message().content()).contains(ANSWER);
    JsonNode turns = stub.last().body().path("messages");
    assertThat(turns.path(1).path("content").path(1).path("type").asText()).isEqualTo("tool_use");
    assertThat(turns.path(2).path("content").path(0).path("type").asText())
        .isEqualTo("tool_result");
    assertThat(turns.path(2).path("content").path(0).path("tool_use_id").asText())
        .isEqualTo(TOOL_ID);
  }

  @Test
  void cacheReadsAndWritesReachTheLedger() {
    Caller caller = caller();
    ChatCompletion answer =
        caller.client().chat().completions().create(chat("cache-hit please").build());

    long prompt = INPUT_TOKENS + CACHE_READ + CACHE_WRITE;
    assertThat(answer.usage().orElseThrow().promptTokens()).isEqualTo(prompt);
    assertThat(answer.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
        .contains(CACHE_READ);
    assertLedger(
        caller,
        new TokenUsage(prompt, OUTPUT_TOKENS, prompt + OUTPUT_TOKENS, CACHE_READ, CACHE_WRITE),
        false);
  }

  @Test
  void streamedChatCompletion() {
    Caller caller = caller();
    List<ChatCompletionChunk> chunks = stream(caller, chat("Stream hello").build());

    assertThat(contentOf(chunks)).isEqualTo(ANSWER);
    assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
    assertThat(chunks)
        .anySatisfy(
            chunk ->
                assertThat(chunk.choices().get(0).finishReason())
                    .contains(ChatCompletionChunk.Choice.FinishReason.STOP));
    // the client did not ask for usage: the usage chunk is the proxy's, not the client's
    assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.usage()).isPresent());
    assertThat(stub.last().body().path("stream").asBoolean()).isTrue();
    assertLedger(caller, TokenUsage.of(INPUT_TOKENS, OUTPUT_TOKENS), true);
  }

  @Test
  void streamedToolCallWithUsageAndCache() throws IOException {
    Caller caller = caller();
    List<ChatCompletionChunk> chunks =
        stream(
            caller,
            chat("use-tool cache-hit")
                .addFunctionTool(weatherTool())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

    assertThat(contentOf(chunks)).isEqualTo(TOOL_TEXT);
    StringBuilder arguments = new StringBuilder();
    List<String> ids = new ArrayList<>();
    for (ChatCompletionChunk chunk : chunks) {
      for (ChatCompletionChunk.Choice choice : chunk.choices()) {
        for (ChatCompletionChunk.Choice.Delta.ToolCall call :
            choice.delta().toolCalls().orElse(List.of())) {
          assertThat(call.index()).isZero();
          call.id().ifPresent(ids::add);
          call.function().flatMap(f -> f.arguments()).ifPresent(arguments::append);
        }
      }
    }
    assertThat(ids).containsExactly(TOOL_ID);
    assertThat(JSON.readTree(arguments.toString())).isEqualTo(JSON.readTree(TOOL_INPUT));
    long prompt = INPUT_TOKENS + CACHE_READ + CACHE_WRITE;
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(prompt);
    assertThat(last.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
        .contains(CACHE_READ);
    assertLedger(
        caller,
        new TokenUsage(prompt, OUTPUT_TOKENS, prompt + OUTPUT_TOKENS, CACHE_READ, CACHE_WRITE),
        true);
  }

  @Test
  void anthropicRejectingOurCredentialIsABadGateway() {
    Caller caller = caller();
    assertThatThrownBy(() -> caller.client().chat().completions().create(chat("fail-401").build()))
        .isInstanceOfSatisfying(
            InternalServerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(502);
              assertDoesNotLeak(e, API_KEY);
            });
    assertUpstreamError(caller);
  }

  @Test
  void anthropicRateLimitIsARateLimitWithItsRetryAfter() {
    Caller caller = caller();
    assertThatThrownBy(() -> caller.client().chat().completions().create(chat("fail-429").build()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> assertThat(e.headers().values("Retry-After")).containsExactly("7"));
    assertUpstreamError(caller);
  }

  @Test
  void anthropicValidationErrorPassesThroughWithItsMessage() {
    Caller caller = caller();
    assertThatThrownBy(() -> caller.client().chat().completions().create(chat("fail-400").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.getMessage()).contains(AnthropicUpstreamStub.BAD_REQUEST_MESSAGE));
    assertUpstreamError(caller);
  }

  @Test
  void anthropicOverloadedIsABadGateway() {
    Caller caller = caller();
    assertThatThrownBy(() -> stream(caller, chat("fail-529").build()))
        .isInstanceOfSatisfying(
            InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
    assertUpstreamError(caller);
  }

  @Test
  void anErrorEventMidStreamEndsTheStreamAsAnError() {
    Caller caller = caller();
    List<String> received = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  caller
                      .client()
                      .chat()
                      .completions()
                      .createStreaming(chat("stream-error").build())) {
                stream.stream().forEach(chunk -> received.add(contentOf(List.of(chunk))));
              }
            })
        .isInstanceOf(OpenAIException.class);
    assertThat(String.join("", received)).isEqualTo(ANSWER_PIECES.get(0));
    UsageRecorded entry = awaitLedger(caller).get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
    // no usage arrived before the failure: the prompt and the text so far are counted locally
    assertThat(entry.estimated()).isTrue();
    assertThat(entry.usage().promptTokens()).isPositive();
    assertThat(entry.usage().completionTokens()).isPositive();
  }

  @Test
  void aStreamCutBeforeMessageStopDoesNotLookComplete() {
    Caller caller = caller();
    assertThatThrownBy(() -> stream(caller, chat("stream-cut").build()))
        .isInstanceOf(OpenAIException.class);
    assertThat(awaitLedger(caller).get(0).outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
  }

  @Test
  void whatAnthropicCannotDoIsABadRequestWithoutAnUpstreamCall() {
    Caller caller = caller();
    int calls = stub.received().size();
    assertThatThrownBy(
            () ->
                caller
                    .client()
                    .embeddings()
                    .create(EmbeddingCreateParams.builder().model(ALIAS).input("x").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.getMessage()).contains("not supported by Anthropic"));
    assertThatThrownBy(
            () -> caller.client().chat().completions().create(chat("two answers").n(2).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).contains("n"));
    assertThat(stub.received()).hasSize(calls);
  }

  // ------------------------------------------------------------------------ helpers

  private static ChatCompletionCreateParams.Builder chat(String text) {
    return ChatCompletionCreateParams.builder().model(ALIAS).addUserMessage(text);
  }

  private static FunctionDefinition weatherTool() {
    return FunctionDefinition.builder()
        .name(TOOL_NAME)
        .description("Current weather of a city")
        .parameters(
            FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty(
                    "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                .build())
        .build();
  }

  private static List<ChatCompletionChunk> stream(
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

  private static void assertDoesNotLeak(OpenAIServiceException e, String secret) {
    assertThat(String.valueOf(e.getMessage())).doesNotContain(secret);
    assertThat(String.valueOf(e.body())).doesNotContain(secret);
    assertThat(String.valueOf(e.headers())).doesNotContain(secret);
  }

  private void assertLedger(Caller caller, TokenUsage usage, boolean streamed) {
    List<UsageRecorded> ledger = awaitLedger(caller);
    assertThat(ledger).hasSize(1);
    UsageRecorded entry = ledger.get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(entry.estimated()).as("estimated").isFalse();
    assertThat(entry.streamed()).isEqualTo(streamed);
    assertThat(entry.provider()).isEqualTo(PROVIDER);
    assertThat(entry.upstreamModel()).isEqualTo(MODEL);
    assertThat(entry.usage()).isEqualTo(usage);
  }

  private void assertUpstreamError(Caller caller) {
    UsageRecorded entry = awaitLedger(caller).get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
    assertThat(entry.usage().totalTokens()).isZero();
  }

  private List<UsageRecorded> awaitLedger(Caller caller) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !node.ledger(caller.keyId()).isEmpty());
    return node.ledger(caller.keyId());
  }

  private Caller caller() {
    String key = node.issueKey(admin, "anthropic-" + clients.size(), List.of("*"));
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(node.baseUrl() + "/v1")
            .apiKey(key)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
    clients.add(client);
    return new Caller(ProxyNode.keyId(key), client);
  }
}
