package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The turns of a Messages request as OpenAI chat messages. One Anthropic user turn may become
 * several OpenAI messages: its tool results become {@code tool} messages, which OpenAI wants right
 * after the assistant's tool calls, and its other content a user message after them.
 */
final class MessagesContent {

  private final ObjectMapper json;

  MessagesContent(ObjectMapper json) {
    this.json = json;
  }

  /** {@code system}: a string, or text blocks (kept as parts, with their cache breakpoints). */
  JsonNode system(JsonNode system) {
    if (system.isTextual()) {
      return system;
    }
    if (!system.isArray()) {
      throw new InvalidMessagesRequest("system", "Input should be a string or a list of blocks");
    }
    ArrayNode parts = json.createArrayNode();
    for (int i = 0; i < system.size(); i++) {
      JsonNode block = system.get(i);
      if (!"text".equals(block.path("type").asText())) {
        throw new InvalidMessagesRequest("system." + i, "System blocks must be text blocks");
      }
      parts.add(textPart(block, "system." + i));
    }
    return parts;
  }

  void user(JsonNode content, String param, ArrayNode out) {
    if (content.isTextual()) {
      out.addObject().put("role", "user").put("content", content.asText());
      return;
    }
    requireBlocks(content, param);
    ArrayNode parts = json.createArrayNode();
    for (int i = 0; i < content.size(); i++) {
      JsonNode block = content.get(i);
      String blockParam = param + "." + i;
      switch (block.path("type").asText()) {
        case "text" -> parts.add(textPart(block, blockParam));
        case "image" -> parts.add(imagePart(block, blockParam));
        case "document" -> parts.add(documentPart(block, blockParam));
        case "tool_result" -> out.add(toolMessage(block, blockParam, parts));
        default -> throw unsupportedBlock(block, blockParam);
      }
    }
    if (!parts.isEmpty()) {
      ObjectNode message = out.addObject().put("role", "user");
      message.set("content", parts);
    }
  }

  void assistant(JsonNode content, String param, ArrayNode out) {
    ObjectNode message = json.createObjectNode().put("role", "assistant");
    if (content.isTextual()) {
      out.add(message.put("content", content.asText()));
      return;
    }
    requireBlocks(content, param);
    StringBuilder text = new StringBuilder();
    ArrayNode calls = json.createArrayNode();
    for (int i = 0; i < content.size(); i++) {
      JsonNode block = content.get(i);
      String blockParam = param + "." + i;
      switch (block.path("type").asText()) {
        case "text" -> text.append(requireText(block, blockParam));
        case "tool_use" -> calls.add(toolCall(block, blockParam));
        case "thinking", "redacted_thinking" -> {
          // a reasoning trace only the model that wrote it can read back; OpenAI has no slot
        }
        default -> throw unsupportedBlock(block, blockParam);
      }
    }
    if (text.isEmpty() && !calls.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    out.add(message);
  }

  private ObjectNode toolCall(JsonNode block, String param) {
    ObjectNode call = json.createObjectNode();
    call.put("id", requireString(block, "id", param));
    call.put("type", "function");
    ObjectNode function = call.putObject("function");
    function.put("name", requireString(block, "name", param));
    JsonNode input = block.path("input");
    if (!input.isObject()) {
      throw new InvalidMessagesRequest(param + ".input", "Input should be an object");
    }
    try {
      function.put("arguments", json.writeValueAsString(input));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tool input could not be written back", e);
    }
    return call;
  }

  /**
   * A tool result as a {@code tool} message. OpenAI tool messages hold text only, so images in the
   * result go to {@code userParts}, the user message that follows the tool messages.
   */
  private ObjectNode toolMessage(JsonNode block, String param, ArrayNode userParts) {
    ObjectNode message = json.createObjectNode();
    message.put("role", "tool");
    message.put("tool_call_id", requireString(block, "tool_use_id", param));
    JsonNode content = block.path("content");
    if (content.isMissingNode() || content.isNull()) {
      message.put("content", "");
    } else if (content.isTextual()) {
      message.put("content", content.asText());
    } else if (content.isArray()) {
      ArrayNode parts = message.putArray("content");
      for (int i = 0; i < content.size(); i++) {
        JsonNode inner = content.get(i);
        String innerParam = param + ".content." + i;
        switch (inner.path("type").asText()) {
          case "text" -> parts.add(textPart(inner, innerParam));
          case "image" -> userParts.add(imagePart(inner, innerParam));
          case "document" -> userParts.add(documentPart(inner, innerParam));
          default -> throw unsupportedBlock(inner, innerParam);
        }
      }
    } else {
      throw new InvalidMessagesRequest(
          param + ".content", "Input should be a string or a list of blocks");
    }
    return message;
  }

  private ObjectNode textPart(JsonNode block, String param) {
    ObjectNode part = json.createObjectNode();
    part.put("type", "text");
    part.put("text", requireText(block, param));
    return withCacheControl(block, part);
  }

  private ObjectNode imagePart(JsonNode block, String param) {
    JsonNode source = block.path("source");
    String url =
        switch (source.path("type").asText()) {
          case "base64" -> dataUri(source, param + ".source");
          case "url" -> requireString(source, "url", param + ".source");
          default ->
              throw new InvalidMessagesRequest(
                  param + ".source.type",
                  "Image sources of type '"
                      + source.path("type").asText()
                      + "' are not supported; send base64 data or a URL");
        };
    ObjectNode part = json.createObjectNode();
    part.put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return withCacheControl(block, part);
  }

  /** PDFs become OpenAI file parts; plain-text documents are simply text. */
  private ObjectNode documentPart(JsonNode block, String param) {
    JsonNode source = block.path("source");
    String type = source.path("type").asText();
    if ("text".equals(type)) {
      ObjectNode part = json.createObjectNode();
      part.put("type", "text");
      part.put("text", requireString(source, "data", param + ".source"));
      return withCacheControl(block, part);
    }
    if (!"base64".equals(type) || !"application/pdf".equals(source.path("media_type").asText())) {
      throw new InvalidMessagesRequest(
          param + ".source",
          "Only PDF documents sent as base64 data and plain-text documents are supported");
    }
    ObjectNode part = json.createObjectNode();
    part.put("type", "file");
    ObjectNode file = part.putObject("file");
    file.put("filename", block.path("title").asText("document.pdf"));
    file.put("file_data", dataUri(source, param + ".source"));
    return withCacheControl(block, part);
  }

  private static String dataUri(JsonNode source, String param) {
    return "data:"
        + requireString(source, "media_type", param)
        + ";base64,"
        + requireString(source, "data", param);
  }

  /**
   * Prompt-cache breakpoints travel along: the Anthropic adapter honours them when the route leads
   * to Claude, and they cost nothing to carry otherwise.
   */
  private static ObjectNode withCacheControl(JsonNode block, ObjectNode part) {
    JsonNode cacheControl = block.get("cache_control");
    if (cacheControl != null && cacheControl.isObject()) {
      part.set("cache_control", cacheControl);
    }
    return part;
  }

  private static void requireBlocks(JsonNode content, String param) {
    if (!content.isArray()) {
      throw new InvalidMessagesRequest(param, "Input should be a string or a list of blocks");
    }
    for (int i = 0; i < content.size(); i++) {
      if (!content.get(i).path("type").isTextual()) {
        throw new InvalidMessagesRequest(param + "." + i + ".type", "Field required");
      }
    }
  }

  private static String requireText(JsonNode block, String param) {
    return requireString(block, "text", param);
  }

  private static String requireString(JsonNode node, String field, String param) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      throw new InvalidMessagesRequest(param + "." + field, "Field required");
    }
    if (!value.isTextual()) {
      throw new InvalidMessagesRequest(param + "." + field, "Input should be a valid string");
    }
    return value.asText();
  }

  private static InvalidMessagesRequest unsupportedBlock(JsonNode block, String param) {
    return new InvalidMessagesRequest(
        param + ".type",
        "Content blocks of type '" + block.path("type").asText() + "' are not supported here");
  }
}
