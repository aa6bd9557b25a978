package io.llmproxy.edge.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An OpenAI chat completions request as an Anthropic Messages request. System and developer
 * messages go to {@code system}; tool results travel in user turns; consecutive turns of one role
 * are merged, as Anthropic expects alternating turns. Parameters with no Anthropic counterpart that
 * would change what the client gets back are refused; pure sampling hints are left out.
 */
final class ChatToMessages {

  /** Anthropic requires a limit; OpenAI clients usually send none. */
  static final int DEFAULT_MAX_TOKENS = 4096;

  private final ObjectMapper json;
  private final ChatContent content;

  ChatToMessages(ObjectMapper json) {
    this.json = json;
    this.content = new ChatContent(json);
  }

  ObjectNode translate(ObjectNode chat, String upstreamModel, boolean stream) {
    refuseWhatCannotBeHonoured(chat);
    ObjectNode request = json.createObjectNode();
    request.put("model", upstreamModel);
    ArrayNode system = json.createArrayNode();
    ArrayNode messages = json.createArrayNode();
    translateMessages(chat.path("messages"), system, messages);
    if (!system.isEmpty()) {
      request.set("system", system);
    }
    request.set("messages", messages);
    request.put("max_tokens", maxTokens(chat));
    copyNumber(chat, request, "temperature");
    copyNumber(chat, request, "top_p");
    copyNumber(chat, request, "top_k");
    stopSequences(chat.path("stop"), request);
    if (chat.path("user").isTextual()) {
      request.putObject("metadata").put("user_id", chat.path("user").asText());
    }
    tools(chat, request);
    if (stream) {
      request.put("stream", true);
    }
    return request;
  }

  private static void refuseWhatCannotBeHonoured(ObjectNode chat) {
    if (chat.path("n").asInt(1) > 1) {
      throw Refusals.unsupported("n", "More than one choice ('n' > 1)");
    }
    String format = chat.path("response_format").path("type").asText("text");
    if (!"text".equals(format)) {
      throw Refusals.unsupported("response_format", "response_format '" + format + "'");
    }
    if (chat.path("logprobs").asBoolean(false)) {
      throw Refusals.unsupported("logprobs", "'logprobs'");
    }
    if (chat.has("audio") && !chat.path("audio").isNull()) {
      throw Refusals.unsupported("audio", "Audio output");
    }
    for (JsonNode modality : chat.path("modalities")) {
      if (!"text".equals(modality.asText())) {
        throw Refusals.unsupported("modalities", "Output modality '" + modality.asText() + "'");
      }
    }
    if (chat.has("functions") || chat.has("function_call")) {
      throw Refusals.invalid(
          chat.has("functions") ? "functions" : "function_call",
          "The deprecated 'functions' and 'function_call' are not supported for Anthropic models;"
              + " use 'tools' and 'tool_choice'.");
    }
  }

  private void translateMessages(JsonNode chatMessages, ArrayNode system, ArrayNode messages) {
    for (int i = 0; i < chatMessages.size(); i++) {
      JsonNode message = chatMessages.get(i);
      String param = "messages[" + i + "]";
      String role = message.path("role").asText();
      switch (role) {
        case "system", "developer" ->
            system.addAll(content.systemBlocks(message.path("content"), param + ".content"));
        case "user" ->
            append(
                messages, "user", content.userBlocks(message.path("content"), param + ".content"));
        case "assistant" -> {
          ArrayNode blocks = content.assistantBlocks(message, param);
          // an empty assistant turn (no text, no tool call) would only be refused by Anthropic
          if (!blocks.isEmpty()) {
            append(messages, "assistant", blocks);
          }
        }
        case "tool" -> {
          ArrayNode blocks = json.createArrayNode();
          blocks.add(content.toolResult(message, param));
          append(messages, "user", blocks);
        }
        default ->
            throw Refusals.invalid(
                param + ".role",
                "Role '"
                    + role
                    + "' is not supported; use system, developer, user, assistant or"
                    + " tool.");
      }
    }
  }

  /**
   * Adds a turn, or merges it into the previous one of the same role. In a merged user turn, tool
   * results stay ahead of other content, where Anthropic requires them.
   */
  private static void append(ArrayNode messages, String role, ArrayNode blocks) {
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last == null || !role.equals(last.path("role").asText())) {
      ObjectNode turn = messages.addObject();
      turn.put("role", role);
      turn.set("content", blocks);
      return;
    }
    ArrayNode merged = (ArrayNode) last.path("content");
    for (JsonNode block : blocks) {
      if ("tool_result".equals(block.path("type").asText())) {
        int position = 0;
        while (position < merged.size()
            && "tool_result".equals(merged.get(position).path("type").asText())) {
          position++;
        }
        merged.insert(position, block);
      } else {
        merged.add(block);
      }
    }
  }

  private static int maxTokens(ObjectNode chat) {
    for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
      JsonNode limit = chat.path(field);
      if (limit.isMissingNode() || limit.isNull()) {
        continue;
      }
      if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 1) {
        throw Refusals.invalid(field, "'" + field + "' must be a positive integer.");
      }
      return limit.asInt();
    }
    return DEFAULT_MAX_TOKENS;
  }

  private static void copyNumber(ObjectNode from, ObjectNode to, String field) {
    JsonNode value = from.path(field);
    if (value.isNumber()) {
      to.set(field, value);
    } else if (!value.isMissingNode() && !value.isNull()) {
      throw Refusals.invalid(field, "'" + field + "' must be a number.");
    }
  }

  private void stopSequences(JsonNode stop, ObjectNode request) {
    if (stop.isTextual()) {
      request.putArray("stop_sequences").add(stop.asText());
    } else if (stop.isArray() && !stop.isEmpty()) {
      ArrayNode sequences = request.putArray("stop_sequences");
      for (JsonNode sequence : stop) {
        if (!sequence.isTextual()) {
          throw Refusals.invalid("stop", "'stop' must be a string or an array of strings.");
        }
        sequences.add(sequence.asText());
      }
    }
  }

  private void tools(ObjectNode chat, ObjectNode request) {
    JsonNode tools = chat.path("tools");
    if (tools.isArray() && !tools.isEmpty()) {
      ArrayNode translated = request.putArray("tools");
      for (int i = 0; i < tools.size(); i++) {
        translated.add(tool(tools.get(i), "tools[" + i + "]"));
      }
    }
    ObjectNode choice = toolChoice(chat.path("tool_choice"));
    if (chat.path("parallel_tool_calls").isBoolean()
        && !chat.path("parallel_tool_calls").asBoolean()) {
      if (choice == null) {
        choice = json.createObjectNode().put("type", "auto");
      }
      if (!"none".equals(choice.path("type").asText())) {
        choice.put("disable_parallel_tool_use", true);
      }
    }
    if (choice != null) {
      request.set("tool_choice", choice);
    }
  }

  private ObjectNode tool(JsonNode tool, String param) {
    if (!"function".equals(tool.path("type").asText())) {
      throw Refusals.unsupported(param + ".type", "Tool type '" + tool.path("type").asText() + "'");
    }
    JsonNode function = tool.path("function");
    if (!function.path("name").isTextual()) {
      throw Refusals.invalid(param + ".function.name", "Tools need a 'function.name'.");
    }
    ObjectNode translated = json.createObjectNode();
    translated.put("name", function.path("name").asText());
    if (function.path("description").isTextual()) {
      translated.put("description", function.path("description").asText());
    }
    JsonNode parameters = function.path("parameters");
    // Anthropic requires a schema; OpenAI allows a function without parameters
    translated.set(
        "input_schema",
        parameters.isObject()
            ? parameters
            : json.createObjectNode()
                .put("type", "object")
                .set("properties", json.createObjectNode()));
    JsonNode cacheControl = tool.get("cache_control");
    if (cacheControl != null && cacheControl.isObject()) {
      translated.set("cache_control", cacheControl);
    }
    return translated;
  }

  private ObjectNode toolChoice(JsonNode choice) {
    if (choice.isMissingNode() || choice.isNull()) {
      return null;
    }
    ObjectNode translated = json.createObjectNode();
    if (choice.isTextual()) {
      switch (choice.asText()) {
        case "auto" -> translated.put("type", "auto");
        case "none" -> translated.put("type", "none");
        case "required" -> translated.put("type", "any");
        default ->
            throw Refusals.invalid(
                "tool_choice", "'tool_choice' must be auto, none, required or a named function.");
      }
      return translated;
    }
    JsonNode name = choice.path("function").path("name");
    if (!"function".equals(choice.path("type").asText()) || !name.isTextual()) {
      throw Refusals.invalid(
          "tool_choice", "'tool_choice' must be auto, none, required or a named function.");
    }
    translated.put("type", "tool");
    translated.put("name", name.asText());
    return translated;
  }
}
