package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** What one Gemini candidate (or one streamed piece of it) holds, read once for both shapes. */
final class Candidates {

  private Candidates() {}

  /** One {@code functionCall} part, with the arguments already written as OpenAI's JSON text. */
  record FunctionCall(String name, String arguments, String thoughtSignature) {}

  /**
   * @param index the choice it becomes: Gemini's {@code index}, which it omits for the first
   * @param text the text parts joined; thought summaries are left out
   * @param finishReason null while a streamed candidate is still going
   */
  record Candidate(int index, String text, List<FunctionCall> calls, String finishReason) {}

  static List<Candidate> of(JsonNode response) {
    List<Candidate> candidates = new ArrayList<>();
    for (JsonNode candidate : response.path("candidates")) {
      candidates.add(read(candidate));
    }
    return candidates;
  }

  private static Candidate read(JsonNode candidate) {
    StringBuilder text = new StringBuilder();
    List<FunctionCall> calls = new ArrayList<>();
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.path("thought").asBoolean(false)) {
        continue;
      }
      if (part.path("text").isTextual()) {
        text.append(part.path("text").asText());
      }
      JsonNode call = part.path("functionCall");
      if (call.isObject()) {
        JsonNode args = call.path("args");
        String signature =
            part.path("thoughtSignature").isTextual()
                ? part.path("thoughtSignature").asText()
                : null;
        calls.add(
            new FunctionCall(
                call.path("name").asText(), args.isObject() ? args.toString() : "{}", signature));
      }
    }
    JsonNode reason = candidate.path("finishReason");
    return new Candidate(
        candidate.path("index").asInt(0),
        text.toString(),
        calls,
        reason.isTextual() ? reason.asText() : null);
  }

  /** OpenAI's {@code tool_calls[]} entry for {@code call}, keeping Gemini's thought signature. */
  static ObjectNode toolCall(FunctionCall call, Supplier<String> ids) {
    ObjectNode toolCall = JsonNodeFactory.instance.objectNode();
    toolCall.put("id", ids.get());
    toolCall.put("type", "function");
    toolCall.putObject("function").put("name", call.name()).put("arguments", call.arguments());
    if (call.thoughtSignature() != null) {
      // where Google's own OpenAI-compatible endpoint puts it, so clients that replay it work
      toolCall
          .putObject("extra_content")
          .putObject("google")
          .put("thought_signature", call.thoughtSignature());
    }
    return toolCall;
  }
}
