package io.llmproxy.edge.frontdoor.openai;

import static io.llmproxy.support.OpenAiUpstreamStub.ANSWER;
import static io.llmproxy.support.OpenAiUpstreamStub.ANSWER_PIECES;
import static io.llmproxy.support.OpenAiUpstreamStub.COMPLETION_TOKENS;
import static io.llmproxy.support.OpenAiUpstreamStub.CONTENT_CHUNKS;
import static io.llmproxy.support.OpenAiUpstreamStub.EMBEDDING_TOKENS_PER_INPUT;
import static io.llmproxy.support.OpenAiUpstreamStub.PROMPT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
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
 * The official openai-java SDK against the proxy, which routes to a stub that speaks OpenAI's exact
 * wire format: every surface the SDK uses must parse, stream and fail the way it does against
 * OpenAI, and every call must leave a ledger entry with exactly the tokens the upstream served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class OpenAiSdkConformanceTest {

  private static final String CHAT = "chat";
  private static final String INSTRUCT = "instruct";
  private static final String EMBED = "embed";
  private static final String CHAT_MODEL = "gpt-4o-mini";
  private static final String INSTRUCT_MODEL = "gpt-3.5-turbo-instruct";
  private static final String EMBED_MODEL = "text-embedding-3-small";
  private static final List<String> ALL_ALIASES = List.of(CHAT, INSTRUCT, EMBED, "a", "b", "c");

  @TempDir static Path dataDir;

  private OpenAiUpstreamStub stub;
  private ProxyNode node;
  private String admin;
  private final List<OpenAIClient> clients = new ArrayList<>();

  /** A virtual key and an SDK client using it. */
  private record Caller(String key, String keyId, OpenAIClient client) {}

  @BeforeAll
  void start() throws IOException {
    stub = new OpenAiUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.upstream.kind", "openai-compatible",
                "llmproxy.providers.upstream.base-url", stub.baseUrl(),
                "llmproxy.providers.upstream.api-key", "upstream-secret"));
    admin = node.login();
    node.route(admin, CHAT, "upstream", CHAT_MODEL);
    node.route(admin, INSTRUCT, "upstream", INSTRUCT_MODEL);
    node.route(admin, EMBED, "upstream", EMBED_MODEL);
    for (String alias : List.of("a", "b", "c")) {
      node.route(admin, alias, "upstream", CHAT_MODEL);
    }
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

  // ------------------------------------------------------------------------ chat completions

  @Test
  void chatCompletion() {
    Caller caller = caller(List.of("*"));
    ChatCompletion answer = caller.client().chat().completions().create(chat("Say hello").build());

    assertThat(answer.choices()).hasSize(1);
    assertThat(answer.choices().get(0).message().content()).contains(ANSWER);
    assertThat(answer.usage())
        .hasValueSatisfying(usage -> assertUsage(usage, PROMPT_TOKENS, COMPLETION_TOKENS));
    assertThat(lastUpstreamBody().path("model").asText()).isEqualTo(CHAT_MODEL);
    assertThat(stub.received().get(stub.received().size() - 1).authorization())
        .isEqualTo("Bearer upstream-secret");
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void chatCompletionWithSeveralChoices() {
    Caller caller = caller(List.of("*"));
    ChatCompletion answer =
        caller.client().chat().completions().create(chat("Say hello twice").n(2).build());

    assertThat(answer.choices()).extracting(choice -> choice.index()).containsExactly(0L, 1L);
    assertThat(answer.choices())
        .allSatisfy(choice -> assertThat(choice.message().content()).contains(ANSWER));
    assertThat(answer.usage())
        .hasValueSatisfying(usage -> assertUsage(usage, PROMPT_TOKENS, 2 * COMPLETION_TOKENS));
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, 2 * COMPLETION_TOKENS);
  }

  @Test
  void streamedChatCompletion() {
    Caller caller = caller(List.of("*"));
    List<ChatCompletionChunk> chunks = streamChat(caller, chat("Stream hello").build());

    assertThat(contentOf(chunks, 0)).isEqualTo(ANSWER);
    assertThat(chunks.stream().filter(chunk -> hasContent(chunk))).hasSize(CONTENT_CHUNKS);
    assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
    assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
    assertThat(chunks)
        .anySatisfy(
            chunk ->
                assertThat(chunk.choices())
                    .anySatisfy(choice -> assertThat(choice.finishReason()).isPresent()));
    JsonNode upstreamBody = lastUpstreamBody();
    assertThat(upstreamBody.path("model").asText()).isEqualTo(CHAT_MODEL);
    assertThat(upstreamBody.path("stream").asBoolean()).isTrue();
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void streamedChatCompletionWithoutIncludeUsageShowsNoUsageChunk() {
    Caller caller = caller(List.of("*"));
    List<ChatCompletionChunk> chunks = streamChat(caller, chat("No usage asked").build());

    assertThat(contentOf(chunks, 0)).isEqualTo(ANSWER);
    assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.usage()).isPresent());
    assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.choices()).isEmpty());
    // the proxy may ask the upstream for usage itself, but the ledger holds the upstream's numbers
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void streamedChatCompletionWithIncludeUsageEndsWithTheUsageChunk() {
    Caller caller = caller(List.of("*"));
    List<ChatCompletionChunk> chunks =
        streamChat(caller, chat("Usage please").streamOptions(includeUsage()).build());

    assertThat(contentOf(chunks, 0)).isEqualTo(ANSWER);
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage())
        .hasValueSatisfying(usage -> assertUsage(usage, PROMPT_TOKENS, COMPLETION_TOKENS));
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void streamedChatCompletionWithSeveralChoices() {
    Caller caller = caller(List.of("*"));
    List<ChatCompletionChunk> chunks =
        streamChat(caller, chat("Two streams").n(2).streamOptions(includeUsage()).build());

    assertThat(contentOf(chunks, 0)).isEqualTo(ANSWER);
    assertThat(contentOf(chunks, 1)).isEqualTo(ANSWER);
    assertThat(chunks.get(chunks.size() - 1).usage())
        .hasValueSatisfying(usage -> assertUsage(usage, PROMPT_TOKENS, 2 * COMPLETION_TOKENS));
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, 2 * COMPLETION_TOKENS);
  }

  @Test
  void streamIsRelayedFrameByFrame() {
    Caller caller = caller(List.of("*"));
    List<Long> arrivals = new ArrayList<>();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        caller.client().chat().completions().createStreaming(chat("drip-300").build())) {
      stream.stream()
          .forEach(
              chunk -> {
                chunks.add(chunk);
                arrivals.add(System.nanoTime());
              });
    }
    assertThat(contentOf(chunks, 0)).isEqualTo(ANSWER);
    int firstContent = 0;
    while (!hasContent(chunks.get(firstContent))) {
      firstContent++;
    }
    // the stub waits 300 ms between frames: a relay that buffers delivers them all at once
    long spreadMillis =
        Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(firstContent)).toMillis();
    assertThat(spreadMillis).isGreaterThan(600);
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void closingTheStreamEarlyCancelsTheUpstreamCall() throws InterruptedException {
    Caller caller = caller(List.of("*"));
    try (StreamResponse<ChatCompletionChunk> stream =
        caller.client().chat().completions().createStreaming(chat("stall-after-1").build())) {
      // read up to the first content chunk, then hang up while the upstream stalls
      assertThat(stream.stream().filter(chunk -> hasContent(chunk)).findFirst()).isPresent();
    }
    assertThat(stub.awaitDisconnect(Duration.ofSeconds(10)))
        .as("the proxy closed its upstream stream after the client went away")
        .isTrue();
    UsageRecorded entry = awaitLedger(caller, 1).get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.CLIENT_CANCELLED);
    assertThat(entry.alias()).isEqualTo(CHAT);
  }

  @Test
  void usageOnTheLastChoiceChunkIsHiddenUnlessAskedFor() {
    Caller caller = caller(List.of("*"));
    List<ChatCompletionChunk> chunks =
        streamChat(caller, chat("usage-in-last-choice-chunk").build());

    assertThat(contentOf(chunks, 0)).isEqualTo(ANSWER);
    assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.usage()).isPresent());
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void usageOnTheLastChoiceChunkReachesAClientThatAsked() {
    Caller caller = caller(List.of("*"));
    List<ChatCompletionChunk> chunks =
        streamChat(
            caller, chat("usage-in-last-choice-chunk").streamOptions(includeUsage()).build());

    assertThat(contentOf(chunks, 0)).isEqualTo(ANSWER);
    assertThat(chunks.stream().filter(chunk -> chunk.usage().isPresent()))
        .singleElement()
        .satisfies(
            chunk -> assertUsage(chunk.usage().orElseThrow(), PROMPT_TOKENS, COMPLETION_TOKENS));
    assertLedgerEntry(caller, CHAT, CHAT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void streamWhoseUpstreamReportsNoUsageIsEstimated() {
    Caller caller = caller(List.of("*"));
    List<ChatCompletionChunk> chunks =
        streamChat(caller, chat("no-usage here").streamOptions(includeUsage()).build());

    assertThat(contentOf(chunks, 0)).isEqualTo(ANSWER);
    UsageRecorded entry = awaitLedger(caller, 1).get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(entry.estimated()).isTrue();
    assertThat(entry.usage().promptTokens()).isPositive();
    assertThat(entry.usage().completionTokens()).isPositive();
  }

  @Test
  void upstreamFailingMidStreamDoesNotEndTheStreamQuietly() {
    Caller caller = caller(List.of("*"));
    List<String> received = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  caller
                      .client()
                      .chat()
                      .completions()
                      .createStreaming(chat("drop-after-1 drip-200").build())) {
                stream.stream().forEach(chunk -> received.add(contentOf(List.of(chunk), 0)));
              }
            })
        .as("a truncated answer must not look complete to the client")
        .isInstanceOf(OpenAIException.class);
    assertThat(String.join("", received)).isEqualTo(ANSWER_PIECES.get(0));
    UsageRecorded entry = awaitLedger(caller, 1).get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
    assertThat(entry.usage().completionTokens()).isPositive();
  }

  // ------------------------------------------------------------------------ legacy completions

  @Test
  void legacyCompletion() {
    Caller caller = caller(List.of("*"));
    Completion answer = caller.client().completions().create(completion("Once upon").build());

    assertThat(answer.choices()).hasSize(1);
    assertThat(answer.choices().get(0).text()).isEqualTo(ANSWER);
    assertThat(answer.usage())
        .hasValueSatisfying(usage -> assertUsage(usage, PROMPT_TOKENS, COMPLETION_TOKENS));
    assertThat(lastUpstreamBody().path("model").asText()).isEqualTo(INSTRUCT_MODEL);
    assertLedgerEntry(caller, INSTRUCT, INSTRUCT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void streamedLegacyCompletion() {
    Caller caller = caller(List.of("*"));
    List<Completion> chunks = streamCompletion(caller, completion("Once upon").build());

    assertThat(legacyText(chunks)).isEqualTo(ANSWER);
    assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.usage()).isPresent());
    assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.choices()).isEmpty());
    assertLedgerEntry(caller, INSTRUCT, INSTRUCT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  @Test
  void streamedLegacyCompletionWithIncludeUsage() {
    Caller caller = caller(List.of("*"));
    List<Completion> chunks =
        streamCompletion(caller, completion("Once upon").streamOptions(includeUsage()).build());

    assertThat(legacyText(chunks)).isEqualTo(ANSWER);
    Completion last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage())
        .hasValueSatisfying(usage -> assertUsage(usage, PROMPT_TOKENS, COMPLETION_TOKENS));
    assertLedgerEntry(caller, INSTRUCT, INSTRUCT_MODEL, PROMPT_TOKENS, COMPLETION_TOKENS);
  }

  // ------------------------------------------------------------------------ embeddings

  @Test
  void embeddingsInTheSdksDefaultBase64Encoding() {
    Caller caller = caller(List.of("*"));
    List<String> inputs = List.of("alpha", "beta");
    CreateEmbeddingResponse answer =
        caller
            .client()
            .embeddings()
            .create(
                EmbeddingCreateParams.builder().model(EMBED).inputOfArrayOfStrings(inputs).build());

    assertThat(lastUpstreamBody().path("encoding_format").asText()).isEqualTo("base64");
    assertEmbeddings(answer, inputs);
    assertThat(answer.data()).allSatisfy(e -> assertThat(e.embeddingValue().isBase64()).isTrue());
    assertLedgerEntry(caller, EMBED, EMBED_MODEL, inputs.size() * EMBEDDING_TOKENS_PER_INPUT, 0);
  }

  @Test
  void embeddingsAsFloats() {
    Caller caller = caller(List.of("*"));
    CreateEmbeddingResponse answer =
        caller
            .client()
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model(EMBED)
                    .input("gamma")
                    .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                    .build());

    assertEmbeddings(answer, List.of("gamma"));
    assertThat(answer.data().get(0).embeddingValue().isFloats()).isTrue();
    assertLedgerEntry(caller, EMBED, EMBED_MODEL, EMBEDDING_TOKENS_PER_INPUT, 0);
  }

  // ------------------------------------------------------------------------ models

  @Test
  void modelListShowsOnlyTheAliasesTheKeyMayUse() {
    Caller caller = caller(List.of("a", "b"));
    List<Model> models = caller.client().models().list().data();
    assertThat(models).extracting(Model::id).containsExactlyInAnyOrder("a", "b");
    assertThat(models).allSatisfy(model -> assertThat(model.ownedBy()).isNotBlank());
  }

  @Test
  void modelListOfAKeyWithoutRestrictionsShowsEveryAlias() {
    Caller caller = caller(List.of("*"));
    assertThat(caller.client().models().list().data())
        .extracting(Model::id)
        .containsExactlyInAnyOrderElementsOf(ALL_ALIASES);
  }

  @Test
  void modelRetrieve() {
    Caller caller = caller(List.of("a", "b"));
    Model model = caller.client().models().retrieve("a");
    assertThat(model.id()).isEqualTo("a");

    assertThatThrownBy(() -> caller.client().models().retrieve("c"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> caller.client().models().retrieve("no-such-alias"))
        .isInstanceOf(NotFoundException.class);
  }

  // ------------------------------------------------------------------------ errors

  @Test
  void unknownKeyIsAnAuthenticationError() {
    String bogus = "sk-llmp-000000000000-thisisnotarealkeythisisnotarealkey";
    OpenAIClient client = client(bogus);
    int upstreamCalls = stub.received().size();
    assertThatThrownBy(() -> client.chat().completions().create(chat("hi").build()))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(401);
              assertDoesNotLeak(e, bogus);
            });
    assertThat(stub.received()).hasSize(upstreamCalls);
  }

  @Test
  void aliasTheKeyMayNotUseIsNotFoundLikeAnAliasThatDoesNotExist() {
    Caller caller = caller(List.of("a"));
    int upstreamCalls = stub.received().size();
    assertThatThrownBy(() -> caller.client().chat().completions().create(chat("hi").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.getMessage()).contains("does not exist or you do not have access");
              assertDoesNotLeak(e, caller.key());
            });
    assertThat(stub.received()).hasSize(upstreamCalls);
    assertNoTokensCharged(caller);
  }

  @Test
  void unknownAliasIsNotFound() {
    Caller caller = caller(List.of("*"));
    int upstreamCalls = stub.received().size();
    assertThatThrownBy(
            () ->
                caller
                    .client()
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("no-such-alias")
                            .addUserMessage("hi")
                            .build()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertDoesNotLeak(e, caller.key());
            });
    assertThat(stub.received()).hasSize(upstreamCalls);
    assertNoTokensCharged(caller);
  }

  @Test
  void upstreamValidationErrorPassesThrough() {
    Caller caller = caller(List.of("*"));
    assertThatThrownBy(
            () -> caller.client().chat().completions().create(chat("fail-400 please").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains(OpenAiUpstreamStub.BAD_REQUEST_MESSAGE);
              assertThat(e.param()).contains("temperature");
              assertDoesNotLeak(e, caller.key());
            });
    assertUpstreamErrorEntry(caller, CHAT);
  }

  @Test
  void upstreamValidationErrorOfAStreamedCallIsATypedException() {
    Caller caller = caller(List.of("*"));
    assertThatThrownBy(() -> streamChat(caller, chat("fail-400 in a stream").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.getMessage()).contains(OpenAiUpstreamStub.BAD_REQUEST_MESSAGE);
              assertDoesNotLeak(e, caller.key());
            });
    assertUpstreamErrorEntry(caller, CHAT);
  }

  @Test
  void upstreamRateLimitIsARateLimitError() {
    assertUpstreamFailureSurfacesAs("fail-429", RateLimitException.class, 429);
  }

  @Test
  void upstreamRetryAfterReachesTheClient() {
    Caller caller = caller(List.of("*"));
    assertThatThrownBy(
            () -> caller.client().chat().completions().create(chat("fail-429 again").build()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> assertThat(e.headers().values("Retry-After")).containsExactly("1"));
  }

  @Test
  void upstreamServerErrorIsABadGateway() {
    assertUpstreamFailureSurfacesAs("fail-500", InternalServerException.class, 502);
  }

  @Test
  void upstreamCredentialErrorIsABadGateway() {
    assertUpstreamFailureSurfacesAs("fail-401", InternalServerException.class, 502);
  }

  // ------------------------------------------------------------------------ helpers

  /** An upstream failure reaches the SDK as its typed exception and is billed as no tokens. */
  private void assertUpstreamFailureSurfacesAs(
      String marker, Class<? extends OpenAIServiceException> type, int status) {
    Caller caller = caller(List.of("*"));
    assertThatThrownBy(
            () -> caller.client().chat().completions().create(chat(marker + " please").build()))
        .isInstanceOfSatisfying(
            type,
            e -> {
              assertThat(e.statusCode()).isEqualTo(status);
              assertDoesNotLeak(e, caller.key());
              assertDoesNotLeak(e, "upstream-secret");
            });
    assertUpstreamErrorEntry(caller, CHAT);
  }

  private static ChatCompletionCreateParams.Builder chat(String text) {
    return ChatCompletionCreateParams.builder().model(CHAT).addUserMessage(text);
  }

  private static CompletionCreateParams.Builder completion(String prompt) {
    return CompletionCreateParams.builder().model(INSTRUCT).prompt(prompt).maxTokens(16);
  }

  private static ChatCompletionStreamOptions includeUsage() {
    return ChatCompletionStreamOptions.builder().includeUsage(true).build();
  }

  private static List<ChatCompletionChunk> streamChat(
      Caller caller, ChatCompletionCreateParams params) {
    try (StreamResponse<ChatCompletionChunk> stream =
        caller.client().chat().completions().createStreaming(params)) {
      return stream.stream().toList();
    }
  }

  private static List<Completion> streamCompletion(Caller caller, CompletionCreateParams params) {
    try (StreamResponse<Completion> stream =
        caller.client().completions().createStreaming(params)) {
      return stream.stream().toList();
    }
  }

  private static boolean hasContent(ChatCompletionChunk chunk) {
    return chunk.choices().stream()
        .anyMatch(choice -> choice.delta().content().filter(c -> !c.isEmpty()).isPresent());
  }

  /** The text the deltas of choice {@code index} add up to. */
  private static String contentOf(List<ChatCompletionChunk> chunks, long index) {
    StringBuilder text = new StringBuilder();
    for (ChatCompletionChunk chunk : chunks) {
      for (ChatCompletionChunk.Choice choice : chunk.choices()) {
        if (choice.index() == index) {
          choice.delta().content().ifPresent(text::append);
        }
      }
    }
    return text.toString();
  }

  private static String legacyText(List<Completion> chunks) {
    StringBuilder text = new StringBuilder();
    chunks.forEach(chunk -> chunk.choices().forEach(choice -> text.append(choice.text())));
    return text.toString();
  }

  private static void assertUsage(CompletionUsage usage, long prompt, long completion) {
    assertThat(usage.promptTokens()).isEqualTo(prompt);
    assertThat(usage.completionTokens()).isEqualTo(completion);
    assertThat(usage.totalTokens()).isEqualTo(prompt + completion);
  }

  private static void assertEmbeddings(CreateEmbeddingResponse answer, List<String> inputs) {
    assertThat(answer.data()).hasSize(inputs.size());
    for (Embedding embedding : answer.data()) {
      float[] expected = OpenAiUpstreamStub.embeddingOf(inputs.get((int) embedding.index()));
      List<Float> expectedList = new ArrayList<>();
      for (float value : expected) {
        expectedList.add(value);
      }
      assertThat(embedding.embedding()).containsExactlyElementsOf(expectedList);
    }
    long tokens = (long) inputs.size() * EMBEDDING_TOKENS_PER_INPUT;
    assertThat(answer.usage().promptTokens()).isEqualTo(tokens);
    assertThat(answer.usage().totalTokens()).isEqualTo(tokens);
  }

  /** Error texts the SDK shows (message, body) never echo a credential. */
  private static void assertDoesNotLeak(OpenAIServiceException e, String secret) {
    assertThat(String.valueOf(e.getMessage())).doesNotContain(secret);
    assertThat(String.valueOf(e.body())).doesNotContain(secret);
    assertThat(String.valueOf(e.headers())).doesNotContain(secret);
  }

  private JsonNode lastUpstreamBody() {
    List<OpenAiUpstreamStub.Received> received = stub.received();
    assertThat(received).isNotEmpty();
    return received.get(received.size() - 1).body();
  }

  private void assertLedgerEntry(
      Caller caller, String alias, String upstreamModel, long prompt, long completion) {
    List<UsageRecorded> ledger = awaitLedger(caller, 1);
    assertThat(ledger).hasSize(1);
    UsageRecorded entry = ledger.get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(entry.estimated()).as("estimated").isFalse();
    assertThat(entry.alias()).isEqualTo(alias);
    assertThat(entry.provider()).isEqualTo("upstream");
    assertThat(entry.upstreamModel()).isEqualTo(upstreamModel);
    assertThat(entry.usage().promptTokens()).as("prompt tokens").isEqualTo(prompt);
    assertThat(entry.usage().completionTokens()).as("completion tokens").isEqualTo(completion);
    assertThat(entry.usage().totalTokens()).as("total tokens").isEqualTo(prompt + completion);
  }

  /** An upstream that answered with an error served no tokens. */
  private void assertUpstreamErrorEntry(Caller caller, String alias) {
    List<UsageRecorded> ledger = awaitLedger(caller, 1);
    assertThat(ledger).hasSize(1);
    UsageRecorded entry = ledger.get(0);
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
    assertThat(entry.alias()).isEqualTo(alias);
    assertThat(entry.estimated()).as("estimated").isFalse();
    assertThat(entry.usage().totalTokens()).as("total tokens").isZero();
  }

  /** Requests refused by the proxy itself reached no upstream: any entry carries no tokens. */
  private void assertNoTokensCharged(Caller caller) {
    assertThat(node.ledger(caller.keyId()))
        .allSatisfy(entry -> assertThat(entry.usage().totalTokens()).isZero());
  }

  private List<UsageRecorded> awaitLedger(Caller caller, int entries) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.ledger(caller.keyId()).size() >= entries);
    return node.ledger(caller.keyId());
  }

  private OpenAIClient client(String key) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(node.baseUrl() + "/v1")
            .apiKey(key)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
    clients.add(client);
    return client;
  }

  /** A fresh key (its own ledger stream) allowed {@code models} ({@code ["*"]}: every alias). */
  private Caller caller(List<String> models) {
    String key = node.issueKey(admin, "sdk-" + clients.size(), models);
    return new Caller(key, ProxyNode.keyId(key), client(key));
  }
}
