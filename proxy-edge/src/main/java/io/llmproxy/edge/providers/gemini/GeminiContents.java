package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI's {@code messages} as Gemini's {@code contents} and {@code systemInstruction}: system and
 * developer messages become the system instruction (Gemini has one, so their texts are gathered in
 * order wherever they stand), user messages role {@code user}, assistant messages role {@code
 * model}, and tool results {@code functionResponse} parts of a {@code user} turn. Consecutive turns
 * of one role are merged, which is also how Gemini expects the results of parallel calls: all in
 * one turn.
 */
final class GeminiContents {

  private final ObjectMapper json;
  private final ArrayNode contents = JsonNodeFactory.instance.arrayNode();
  private final ArrayNode system = JsonNodeFactory.instance.arrayNode();

  /** Function names by tool-call id: a tool message names only the id, Gemini wants the name. */
  private final Map<String, String> calledFunctions = new HashMap<>();

  /** The translation of one conversation. */
  record Conversation(ArrayNode contents, ArrayNode systemParts) {}

  private GeminiContents(ObjectMapper json) {
    this.json = json;
  }

  static Conversation of(JsonNode messages, ObjectMapper json) {
    GeminiContents translation = new GeminiContents(json);
    for (int i = 0; i < messages.size(); i++) {
      translation.add(messages.get(i), "messages[" + i + "]");
    }
    if (translation.contents.isEmpty()) {
      throw GeminiErrors.invalid(
          "Gemini needs at least one user or assistant message with content besides system"
              + " messages.",
          "messages");
    }
    return new Conversation(translation.contents, translation.system);
  }

  private void add(JsonNode message, String where) {
    String role = message.path("role").asText();
    JsonNode content = message.path("content");
    switch (role) {
      case "system", "developer" ->
          system.addAll(ContentParts.of(content, where + ".content", true));
      case "user" -> append("user", ContentParts.of(content, where + ".content", false));
      case "assistant" -> assistant(message, where);
      case "tool" -> append("user", toolResult(message, where));
      case "function" ->
          throw GeminiErrors.unsupported(
              "The deprecated 'function' role is not supported for Gemini; use tools and 'tool'"
                  + " messages.",
              where + ".role");
      default ->
          throw GeminiErrors.invalid(
              "Unknown message role '"
                  + role
                  + "' (expected system, developer, user, assistant"
                  + " or tool).",
              where + ".role");
    }
  }

  private void assistant(JsonNode message, String where) {
    if (message.hasNonNull("function_call")) {
      throw GeminiErrors.unsupported(
          "The deprecated 'function_call' is not supported for Gemini; use 'tool_calls'.",
          where + ".function_call");
    }
    ArrayNode parts = ContentParts.of(message.path("content"), where + ".content", true);
    JsonNode calls = message.path("tool_calls");
    for (int j = 0; j < calls.size(); j++) {
      parts.add(functionCall(calls.get(j), where + ".tool_calls[" + j + "]"));
    }
    append("model", parts);
  }

  private ObjectNode functionCall(JsonNode call, String where) {
    JsonNode function = call.path("function");
    if (!function.path("name").isTextual()) {
      throw GeminiErrors.invalid("'" + where + ".function.name' must be a string.", where);
    }
    String name = function.path("name").asText();
    ObjectNode part = JsonNodeFactory.instance.objectNode();
    ObjectNode functionCall = part.putObject("functionCall");
    functionCall.put("name", name);
    functionCall.set("args", arguments(function.path("arguments"), where + ".function.arguments"));
    // Gemini 3 refuses a replayed call without the signature it issued with it
    JsonNode signature = call.path("extra_content").path("google").path("thought_signature");
    if (signature.isTextual()) {
      part.put("thoughtSignature", signature.asText());
    }
    if (call.path("id").isTextual()) {
      calledFunctions.put(call.path("id").asText(), name);
    }
    return part;
  }

  /** OpenAI sends arguments as a JSON text; Gemini wants the object itself. */
  private JsonNode arguments(JsonNode arguments, String where) {
    if (arguments.isMissingNode()
        || arguments.isNull()
        || (arguments.isTextual() && arguments.asText().isBlank())) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!arguments.isTextual()) {
      throw GeminiErrors.invalid("'" + where + "' must be a string of JSON.", where);
    }
    try {
      JsonNode parsed = json.readTree(arguments.asText());
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (JsonProcessingException e) {
      // reported below, with the place it happened
    }
    throw GeminiErrors.invalid("'" + where + "' must be a JSON object encoded as a string.", where);
  }

  private ArrayNode toolResult(JsonNode message, String where) {
    String id = message.path("tool_call_id").asText(null);
    String name = id == null ? null : calledFunctions.get(id);
    if (name == null && message.path("name").isTextual()) {
      name = message.path("name").asText();
    }
    if (name == null) {
      throw GeminiErrors.invalid(
          "The tool message's tool_call_id '"
              + id
              + "' matches no tool call of an earlier assistant message; Gemini needs the"
              + " function's name.",
          where + ".tool_call_id");
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : ContentParts.of(message.path("content"), where + ".content", true)) {
      text.append(part.path("text").asText());
    }
    ArrayNode parts = JsonNodeFactory.instance.arrayNode();
    ObjectNode response = parts.addObject().putObject("functionResponse");
    response.put("name", name);
    response.putObject("response").put("content", text.toString());
    return parts;
  }

  /** Gemini rejects a turn without parts: an assistant message with nothing in it is skipped. */
  private void append(String role, ArrayNode parts) {
    if (parts.isEmpty()) {
      return;
    }
    JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ((ArrayNode) last.path("parts")).addAll(parts);
      return;
    }
    ObjectNode turn = contents.addObject();
    turn.put("role", role);
    turn.set("parts", parts);
  }
}
