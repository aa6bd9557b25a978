package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The request rules of Anthropic's Messages API that a translation can break, checked the way the
 * API reports them ({@code <dotted.path>: <problem>}), so that the stub refuses what Anthropic
 * would refuse rather than accepting anything.
 */
final class MessagesRules {

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "model",
          "messages",
          "max_tokens",
          "system",
          "metadata",
          "stop_sequences",
          "stream",
          "temperature",
          "top_p",
          "top_k",
          "tools",
          "tool_choice",
          "thinking",
          "service_tier");
  private static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private MessagesRules() {}

  /** The first rule {@code body} breaks, as Anthropic words it, or null. */
  static String violation(JsonNode body) {
    if (!body.isObject()) {
      return "body: Input should be an object";
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!TOP_LEVEL.contains(name)) {
        return name + ": Extra inputs are not permitted";
      }
    }
    if (!body.path("model").isTextual()) {
      return "model: Field required";
    }
    if (!body.path("max_tokens").isInt() || body.path("max_tokens").asInt() < 1) {
      return "max_tokens: Field required";
    }
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      return "messages: Field required";
    }
    String system = system(body.path("system"));
    if (system != null) {
      return system;
    }
    Set<String> previousToolUses = Set.of();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asText();
      if (!"user".equals(role) && !"assistant".equals(role)) {
        return "messages." + i + ".role: Input should be 'user' or 'assistant'";
      }
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        previousToolUses = Set.of();
        continue;
      }
      if (!content.isArray() || content.isEmpty()) {
        return "messages." + i + ".content: Input should be a non-empty string or list";
      }
      Set<String> toolUses = new HashSet<>();
      boolean otherContentSeen = false;
      for (int j = 0; j < content.size(); j++) {
        JsonNode block = content.get(j);
        String at = "messages." + i + ".content." + j;
        String type = block.path("type").asText();
        if ("tool_result".equals(type)) {
          if (!"user".equals(role) || otherContentSeen) {
            return at + ": tool_result blocks must come first in a user turn";
          }
          if (!previousToolUses.contains(block.path("tool_use_id").asText())) {
            return at
                + ": unexpected `tool_use_id` found in `tool_result` blocks. Each `tool_result`"
                + " block must have a corresponding `tool_use` block in the previous message.";
          }
          continue;
        }
        otherContentSeen = true;
        String problem = block(block, type, role, at);
        if (problem != null) {
          return problem;
        }
        if ("tool_use".equals(type)) {
          toolUses.add(block.path("id").asText());
        }
      }
      previousToolUses = toolUses;
    }
    return null;
  }

  private static String system(JsonNode system) {
    if (system.isMissingNode() || system.isTextual()) {
      return null;
    }
    if (!system.isArray()) {
      return "system: Input should be a valid string or list";
    }
    for (int i = 0; i < system.size(); i++) {
      JsonNode block = system.get(i);
      if (!"text".equals(block.path("type").asText()) || block.path("text").asText().isEmpty()) {
        return "system." + i + ": system blocks must be non-empty text blocks";
      }
    }
    return null;
  }

  private static String block(JsonNode block, String type, String role, String at) {
    switch (type) {
      case "text" -> {
        if (block.path("text").asText("").isEmpty()) {
          return "messages: text content blocks must be non-empty";
        }
      }
      case "image" -> {
        JsonNode source = block.path("source");
        String kind = source.path("type").asText();
        if ("base64".equals(kind)) {
          if (!IMAGE_TYPES.contains(source.path("media_type").asText())
              || !source.path("data").isTextual()) {
            return at + ".source: invalid base64 image source";
          }
        } else if (!"url".equals(kind) || !source.path("url").isTextual()) {
          return at + ".source.type: Input should be 'base64' or 'url'";
        }
      }
      case "document" -> {
        if (!"base64".equals(block.path("source").path("type").asText())) {
          return at + ".source.type: Input should be 'base64'";
        }
      }
      case "tool_use" -> {
        if (!"assistant".equals(role)
            || !block.path("id").isTextual()
            || !block.path("name").isTextual()
            || !block.path("input").isObject()) {
          return at
              + ": tool_use blocks need an id, a name and an input object, in assistant turns";
        }
      }
      default -> {
        return at + ".type: Input tag '" + type + "' does not match any of the expected tags";
      }
    }
    return null;
  }
}
