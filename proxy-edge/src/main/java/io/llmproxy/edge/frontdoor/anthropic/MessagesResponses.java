package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.kernel.usage.TokenUsage;
import java.util.UUID;

/**
 * An OpenAI {@code chat.completion} as the Anthropic message the front door answers with. Only the
 * first choice is used: requests translated by {@link MessagesRequests} never ask for more.
 */
public final class MessagesResponses {

  private final ObjectMapper json;

  public MessagesResponses(ObjectMapper json) {
    this.json = json;
  }

  /**
   * @param usage what the request is billed for (the provider's figures, or the estimate), which is
   *     what the client is told it used
   * @param model the model name the client asked for
   */
  public ObjectNode toMessage(JsonNode completion, TokenUsage usage, String model) {
    ObjectNode message = json.createObjectNode();
    message.put("id", messageId(completion.path("id").asText("")));
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", model);
    ArrayNode content = message.putArray("content");
    JsonNode choice = completion.path("choices").path(0);
    JsonNode answer = choice.path("message");
    addText(content, answer.path("content"));
    addText(content, answer.path("refusal"));
    for (JsonNode call : answer.path("tool_calls")) {
      ObjectNode block = content.addObject();
      block.put("type", "tool_use");
      block.put("id", call.path("id").asText());
      block.put("name", call.path("function").path("name").asText());
      block.set("input", input(call.path("function").path("arguments")));
    }
    message.put("stop_reason", StopReasons.stopReason(choice.path("finish_reason").textValue()));
    message.putNull("stop_sequence");
    message.set("usage", usage(json, usage));
    return message;
  }

  /**
   * Anthropic's usage object: {@code input_tokens} counts only what was neither read nor cached.
   */
  static ObjectNode usage(ObjectMapper json, TokenUsage usage) {
    ObjectNode node = json.createObjectNode();
    node.put("input_tokens", usage.uncachedPromptTokens());
    node.put("cache_creation_input_tokens", usage.cacheWriteTokens());
    node.put("cache_read_input_tokens", usage.cachedTokens());
    node.put("output_tokens", usage.completionTokens());
    return node;
  }

  /** Anthropic's ids start with {@code msg_}; SDKs and logs rely on that shape. */
  static String messageId(String openAiId) {
    if (openAiId.startsWith("msg_")) {
      return openAiId;
    }
    String bare = openAiId.startsWith("chatcmpl-") ? openAiId.substring(9) : openAiId;
    bare = bare.replaceAll("[^A-Za-z0-9_-]", "");
    return "msg_" + (bare.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : bare);
  }

  private static void addText(ArrayNode content, JsonNode text) {
    // content may also be an array of text parts, as some compatible servers answer
    String joined = text.isArray() ? joinParts(text) : text.asText("");
    if (text.isNull() || joined.isEmpty()) {
      return;
    }
    content.addObject().put("type", "text").put("text", joined);
  }

  private static String joinParts(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    parts.forEach(part -> text.append(part.path("text").asText("")));
    return text.toString();
  }

  /**
   * Tool arguments are JSON text the model wrote, which can be broken; Anthropic's input must be an
   * object, so anything else becomes {@code {}}.
   */
  private JsonNode input(JsonNode arguments) {
    if (arguments.isObject()) {
      return arguments;
    }
    try {
      JsonNode parsed = json.readTree(arguments.asText(""));
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (JsonProcessingException e) {
      // falls through to the empty input
    }
    return json.createObjectNode();
  }
}
