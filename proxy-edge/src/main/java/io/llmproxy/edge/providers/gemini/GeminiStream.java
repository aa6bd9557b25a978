package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.kernel.usage.TokenUsage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Turns the events of one {@code streamGenerateContent?alt=sse} response, each a partial {@code
 * GenerateContentResponse}, into OpenAI chunks: per candidate the role first, then text and
 * tool-call deltas, then a chunk with the finish reason; after the last event one {@code
 * "choices":[]} chunk with the usage of the last {@code usageMetadata} (Gemini repeats it, growing,
 * on every event). Gemini has no end marker: a stream is complete when the body ended after every
 * candidate reported a {@code finishReason}, and truncated otherwise.
 */
final class GeminiStream {

  private final Supplier<String> toolCallIds;
  private final boolean chat;
  private final ObjectNode header;
  private final Map<Integer, CandidateState> candidates = new TreeMap<>();
  private JsonNode lastUsage = MissingNode.getInstance();

  private static final class CandidateState {
    boolean started;
    boolean calledFunctions;
    int toolCalls;
    boolean finished;
  }

  GeminiStream(ProviderCall call, Clock clock, Supplier<String> toolCallIds) {
    this.toolCallIds = toolCallIds;
    this.chat = call.operation() == Operation.CHAT_COMPLETIONS;
    this.header =
        GeminiResponses.header(
            call,
            MissingNode.getInstance(),
            chat ? "chat.completion.chunk" : "text_completion",
            clock);
  }

  /** The chunks one event yields, possibly none. */
  List<ObjectNode> next(ObjectNode event) {
    if (event.hasNonNull("error")) {
      throw GeminiErrors.midStream(event);
    }
    if (event.path("usageMetadata").isObject()) {
      lastUsage = event.path("usageMetadata");
    }
    if (event.path("modelVersion").isTextual()) {
      header.put("model", event.path("modelVersion").asText());
    }
    List<Candidates.Candidate> pieces = Candidates.of(event);
    if (pieces.isEmpty() && event.path("promptFeedback").hasNonNull("blockReason")) {
      throw GeminiErrors.promptBlocked(event.path("promptFeedback"));
    }
    List<ObjectNode> chunks = new ArrayList<>();
    for (Candidates.Candidate piece : pieces) {
      CandidateState state = candidates.computeIfAbsent(piece.index(), i -> new CandidateState());
      if (state.finished) {
        continue;
      }
      ObjectNode content = chat ? chatDelta(piece, state) : textPiece(piece);
      if (content != null) {
        chunks.add(chunk(piece.index(), content, null));
      }
      state.started = true;
      if (piece.finishReason() != null) {
        state.finished = true;
        String reason = FinishReasons.toOpenAi(piece.finishReason(), state.calledFunctions);
        ObjectNode end = JsonNodeFactory.instance.objectNode();
        if (!chat) {
          end.put("text", "");
        }
        chunks.add(chunk(piece.index(), end, reason));
      }
    }
    return chunks;
  }

  /**
   * What follows the last event: the usage chunk if Gemini reported usage, or a failure if the
   * stream ended before every candidate finished.
   */
  List<ObjectNode> end() {
    if (candidates.isEmpty() || candidates.values().stream().anyMatch(state -> !state.finished)) {
      throw UpstreamException.malformed("the stream ended before Gemini's finishReason");
    }
    Optional<TokenUsage> usage = GeminiUsage.of(lastUsage);
    if (usage.isEmpty()) {
      return List.of();
    }
    ObjectNode chunk = header.deepCopy();
    chunk.putArray("choices");
    chunk.set("usage", GeminiUsage.openAi(usage.get(), lastUsage));
    return List.of(chunk);
  }

  private ObjectNode chatDelta(Candidates.Candidate piece, CandidateState state) {
    ObjectNode delta = JsonNodeFactory.instance.objectNode();
    if (!state.started) {
      delta.put("role", "assistant");
      delta.put("content", piece.text());
    } else if (!piece.text().isEmpty()) {
      delta.put("content", piece.text());
    }
    if (!piece.calls().isEmpty()) {
      state.calledFunctions = true;
      var toolCalls = delta.putArray("tool_calls");
      for (Candidates.FunctionCall function : piece.calls()) {
        ObjectNode toolCall = Candidates.toolCall(function, toolCallIds);
        // the position among this choice's calls, as OpenAI numbers streamed tool calls
        ObjectNode indexed = JsonNodeFactory.instance.objectNode().put("index", state.toolCalls++);
        indexed.setAll(toolCall);
        toolCalls.add(indexed);
      }
    }
    return delta.isEmpty() ? null : delta;
  }

  private static ObjectNode textPiece(Candidates.Candidate piece) {
    if (piece.text().isEmpty()) {
      return null;
    }
    return JsonNodeFactory.instance.objectNode().put("text", piece.text());
  }

  private ObjectNode chunk(int index, ObjectNode content, String finishReason) {
    ObjectNode chunk = header.deepCopy();
    ObjectNode choice = chunk.putArray("choices").addObject();
    if (chat) {
      choice.put("index", index);
      choice.set("delta", content);
    } else {
      choice.put("text", content.path("text").asText());
      choice.put("index", index);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return chunk;
  }
}
