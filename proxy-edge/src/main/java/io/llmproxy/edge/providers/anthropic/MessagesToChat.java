package io.llmproxy.edge.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.UpstreamException;

/**
 * A whole Anthropic message as an OpenAI {@code chat.completion}: text blocks joined into the
 * content, tool_use blocks as tool calls, the stop reason as finish reason, and the usage with
 * cached input counted in. Blocks OpenAI has no place for (thinking, server tool results) are left
 * out; they only appear when a request asks for features this translation never requests.
 */
final class MessagesToChat {

  private final ObjectMapper json;

  MessagesToChat(ObjectMapper json) {
    this.json = json;
  }

  /**
   * @param created the answer's time in epoch seconds, which Anthropic does not send
   */
  ObjectNode translate(ObjectNode message, String upstreamModel, long created) {
    JsonNode content = message.path("content");
    if (!content.isArray()) {
      throw UpstreamException.malformed("the message had no content array");
    }
    ObjectNode completion = json.createObjectNode();
    completion.put("id", message.path("id").asText(""));
    completion.put("object", "chat.completion");
    completion.put("created", created);
    completion.put("model", message.path("model").asText(upstreamModel));
    ObjectNode choice = completion.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode answer = choice.putObject("message");
    answer.put("role", "assistant");
    StringBuilder text = new StringBuilder();
    ArrayNode toolCalls = json.createArrayNode();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText(""));
        case "tool_use" -> toolCalls.add(toolCall(block));
        default -> {
          // thinking, redacted_thinking, server tool blocks: nothing in OpenAI's shape holds them
        }
      }
    }
    if (text.isEmpty() && !toolCalls.isEmpty()) {
      answer.putNull("content");
    } else {
      answer.put("content", text.toString());
    }
    answer.putNull("refusal");
    if (!toolCalls.isEmpty()) {
      answer.set("tool_calls", toolCalls);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", StopReasons.finishReason(message.path("stop_reason").textValue()));
    AnthropicUsage usage = new AnthropicUsage();
    usage.update(message.path("usage"));
    if (usage.reported()) {
      usage.writeTo(completion.putObject("usage"));
    }
    return completion;
  }

  private ObjectNode toolCall(JsonNode block) {
    ObjectNode call = json.createObjectNode();
    call.put("id", block.path("id").asText());
    call.put("type", "function");
    ObjectNode function = call.putObject("function");
    function.put("name", block.path("name").asText());
    function.put("arguments", arguments(block.path("input")));
    return call;
  }

  private String arguments(JsonNode input) {
    try {
      return json.writeValueAsString(input.isObject() ? input : json.createObjectNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tool input could not be written back", e);
    }
  }
}
