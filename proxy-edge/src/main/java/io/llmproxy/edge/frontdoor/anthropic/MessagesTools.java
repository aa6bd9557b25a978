package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Client tools and {@code tool_choice} of a Messages request as OpenAI function tools. Anthropic's
 * server tools (web search, code execution, …) and its versioned client tools (bash, text editor,
 * computer use) run on or are defined by Anthropic's side and have no OpenAI equivalent.
 */
final class MessagesTools {

  private MessagesTools() {}

  static void translate(JsonNode request, ObjectNode chat, ObjectMapper json) {
    JsonNode tools = request.path("tools");
    if (!tools.isMissingNode() && !tools.isNull()) {
      if (!tools.isArray()) {
        throw new InvalidMessagesRequest("tools", "Input should be a valid list");
      }
      if (!tools.isEmpty()) {
        ArrayNode translated = chat.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
          translated.add(tool(tools.get(i), "tools." + i, json));
        }
      }
    }
    JsonNode choice = request.path("tool_choice");
    if (!choice.isMissingNode() && !choice.isNull()) {
      toolChoice(choice, chat);
    }
  }

  private static ObjectNode tool(JsonNode tool, String param, ObjectMapper json) {
    String type = tool.path("type").asText("custom");
    if (!"custom".equals(type)) {
      throw new InvalidMessagesRequest(
          param + ".type", "Tool type '" + type + "' is not supported; only custom tools are");
    }
    JsonNode name = tool.path("name");
    if (!name.isTextual() || name.asText().isEmpty()) {
      throw new InvalidMessagesRequest(param + ".name", "Field required");
    }
    JsonNode schema = tool.path("input_schema");
    if (!schema.isObject()) {
      throw new InvalidMessagesRequest(param + ".input_schema", "Field required");
    }
    ObjectNode translated = json.createObjectNode();
    translated.put("type", "function");
    ObjectNode function = translated.putObject("function");
    function.put("name", name.asText());
    if (tool.path("description").isTextual()) {
      function.put("description", tool.path("description").asText());
    }
    function.set("parameters", schema);
    JsonNode cacheControl = tool.get("cache_control");
    if (cacheControl != null && cacheControl.isObject()) {
      translated.set("cache_control", cacheControl);
    }
    return translated;
  }

  private static void toolChoice(JsonNode choice, ObjectNode chat) {
    String type = choice.path("type").asText();
    switch (type) {
      case "auto" -> chat.put("tool_choice", "auto");
      case "any" -> chat.put("tool_choice", "required");
      case "none" -> chat.put("tool_choice", "none");
      case "tool" -> {
        JsonNode name = choice.path("name");
        if (!name.isTextual()) {
          throw new InvalidMessagesRequest("tool_choice.name", "Field required");
        }
        ObjectNode named = chat.putObject("tool_choice");
        named.put("type", "function");
        named.putObject("function").put("name", name.asText());
      }
      default ->
          throw new InvalidMessagesRequest(
              "tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none'");
    }
    if (choice.path("disable_parallel_tool_use").asBoolean(false) && !"none".equals(type)) {
      chat.put("parallel_tool_calls", false);
    }
  }
}
