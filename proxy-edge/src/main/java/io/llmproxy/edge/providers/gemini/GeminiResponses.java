package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.kernel.usage.TokenUsage;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A whole Gemini {@code GenerateContentResponse} as OpenAI's {@code chat.completion} (or {@code
 * text_completion} for the legacy endpoint): one choice per candidate, text parts joined, function
 * calls as {@code tool_calls}, and the usage.
 */
final class GeminiResponses {

  private final Clock clock;
  private final Supplier<String> toolCallIds;

  /** The translated answer and the usage Gemini reported, if it did. */
  record Answer(ObjectNode body, Optional<TokenUsage> usage) {}

  GeminiResponses(Clock clock, Supplier<String> toolCallIds) {
    this.clock = clock;
    this.toolCallIds = toolCallIds;
  }

  Answer answer(ProviderCall call, JsonNode gemini) {
    List<Candidates.Candidate> candidates = Candidates.of(gemini);
    if (candidates.isEmpty()) {
      if (gemini.path("promptFeedback").hasNonNull("blockReason")) {
        throw GeminiErrors.promptBlocked(gemini.path("promptFeedback"));
      }
      throw UpstreamException.malformed("the answer had no candidates");
    }
    boolean chat = call.operation() == Operation.CHAT_COMPLETIONS;
    ObjectNode body = header(call, gemini, chat ? "chat.completion" : "text_completion", clock);
    ArrayNode choices = body.putArray("choices");
    candidates.stream()
        .sorted(Comparator.comparingInt(Candidates.Candidate::index))
        .forEach(candidate -> choices.add(chat ? chatChoice(candidate) : textChoice(candidate)));
    JsonNode metadata = gemini.path("usageMetadata");
    Optional<TokenUsage> usage = GeminiUsage.of(metadata);
    usage.ifPresent(found -> body.set("usage", GeminiUsage.openAi(found, metadata)));
    return new Answer(body, usage);
  }

  private ObjectNode chatChoice(Candidates.Candidate candidate) {
    ObjectNode choice = JsonNodeFactory.instance.objectNode();
    choice.put("index", candidate.index());
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (candidate.text().isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", candidate.text());
    }
    message.putNull("refusal");
    if (!candidate.calls().isEmpty()) {
      ArrayNode toolCalls = message.putArray("tool_calls");
      candidate.calls().forEach(call -> toolCalls.add(Candidates.toolCall(call, toolCallIds)));
    }
    choice.putNull("logprobs");
    choice.put(
        "finish_reason",
        FinishReasons.toOpenAi(candidate.finishReason(), !candidate.calls().isEmpty()));
    return choice;
  }

  private static ObjectNode textChoice(Candidates.Candidate candidate) {
    ObjectNode choice = JsonNodeFactory.instance.objectNode();
    choice.put("text", candidate.text());
    choice.put("index", candidate.index());
    choice.putNull("logprobs");
    choice.put("finish_reason", FinishReasons.toOpenAi(candidate.finishReason(), false));
    return choice;
  }

  /**
   * The fields every answer and chunk starts with. The id derives from the proxy's request id, so
   * all chunks of a stream share it and the client can find the ledger entry by it.
   */
  static ObjectNode header(ProviderCall call, JsonNode gemini, String object, Clock clock) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    boolean chat = call.operation() == Operation.CHAT_COMPLETIONS;
    body.put("id", (chat ? "chatcmpl-" : "cmpl-") + call.requestId());
    body.put("object", object);
    body.put("created", clock.instant().getEpochSecond());
    JsonNode version = gemini.path("modelVersion");
    body.put("model", version.isTextual() ? version.asText() : call.upstreamModel());
    return body;
  }
}
