package io.llmproxy.edge.providers.gemini;

import static io.llmproxy.edge.providers.gemini.GeminiFixtures.CLOCK;
import static io.llmproxy.edge.providers.gemini.GeminiFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.kernel.usage.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Translations both ways against hand-written fixtures in {@code golden/gemini}: {@code
 * <name>.request.openai.json} must become {@code <name>.request.gemini.json}, and {@code
 * <name>.response.gemini.json} / {@code <name>.stream.gemini.jsonl} must become their {@code
 * .openai} counterparts. The name's prefix says which endpoint the call used.
 */
class GeminiGoldenTranslationTest {

  @ParameterizedTest
  @ValueSource(strings = {"chat-full", "chat-structured", "completion"})
  void requestsBecomeGenerateContentRequests(String name) {
    ProviderCall call = call(name, GeminiFixtures.resource(name + ".request.openai.json"));
    ObjectNode translated = new GeminiRequests(JSON).generateContent(call);
    assertSameJson(translated, GeminiFixtures.json(name + ".request.gemini.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embeddings"})
  void embeddingRequestsBecomeBatchEmbedContents(String name) {
    ProviderCall call = call(name, GeminiFixtures.resource(name + ".request.openai.json"));
    ObjectNode translated =
        GeminiEmbeddings.request(call, "models/" + GeminiFixtures.EMBEDDING_MODEL);
    assertSameJson(translated, GeminiFixtures.json(name + ".request.gemini.json"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"chat-text", "chat-tools", "chat-candidates", "chat-safety", "completion-text"})
  void responsesBecomeOpenAiAnswers(String name) {
    ProviderCall call = call(name, defaultRequest(name));
    JsonNode gemini = GeminiFixtures.json(name + ".response.gemini.json");
    GeminiResponses.Answer answer =
        new GeminiResponses(CLOCK, GeminiFixtures.sequentialIds()).answer(call, gemini);
    JsonNode expected = GeminiFixtures.json(name + ".response.openai.json");
    assertSameJson(answer.body(), expected);
    JsonNode usage = expected.path("usage");
    assertThat(answer.usage())
        .contains(
            new TokenUsage(
                usage.path("prompt_tokens").asLong(),
                usage.path("completion_tokens").asLong(),
                usage.path("total_tokens").asLong(),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
                0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embeddings-base64"})
  void embeddingResponsesBecomeOpenAiLists(String name) {
    ProviderCall call = call(name, defaultRequest(name));
    JsonNode gemini = GeminiFixtures.json(name + ".response.gemini.json");
    ObjectNode answer = GeminiEmbeddings.answer(call, gemini, TokenUsage.of(7, 0));
    assertSameJson(answer, GeminiFixtures.json(name + ".response.openai.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat-text", "chat-tools", "chat-candidates", "completion-text"})
  void streamsBecomeOpenAiChunks(String name) {
    ProviderCall call = call(name, defaultRequest(name));
    GeminiStream stream = new GeminiStream(call, CLOCK, GeminiFixtures.sequentialIds());
    List<ObjectNode> chunks = new ArrayList<>();
    for (ObjectNode event : GeminiFixtures.lines(name + ".stream.gemini.jsonl")) {
      chunks.addAll(stream.next(event));
    }
    chunks.addAll(stream.end());
    List<ObjectNode> expected = GeminiFixtures.lines(name + ".stream.openai.jsonl");
    assertThat(chunks).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertSameJson(chunks.get(i), expected.get(i));
    }
  }

  private static String defaultRequest(String name) {
    if (GeminiFixtures.exists(name + ".call.json")) {
      return GeminiFixtures.resource(name + ".call.json");
    }
    return name.startsWith("completion")
        ? "{\"model\":\"instruct\",\"prompt\":\"Once upon a time\"}"
        : "{\"model\":\"assistant\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  private static ProviderCall call(String name, String request) {
    Operation operation =
        name.startsWith("completion")
            ? Operation.COMPLETIONS
            : name.startsWith("embeddings") ? Operation.EMBEDDINGS : Operation.CHAT_COMPLETIONS;
    return GeminiFixtures.call(operation, request);
  }

  /**
   * Field order does not matter in JSON, nor whether a number was held as an int or a long (the
   * translation's text is parsed back as the fixture was); the message shows both when they differ.
   */
  static void assertSameJson(JsonNode actual, JsonNode expected) {
    JsonNode reparsed = GeminiFixtures.parse(actual.toString());
    assertThat(reparsed)
        .as("translated JSON%n%s%nexpected%n%s", actual, expected)
        .isEqualTo(expected);
  }
}
