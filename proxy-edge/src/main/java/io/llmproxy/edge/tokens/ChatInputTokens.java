package io.llmproxy.edge.tokens;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything a chat request is billed for as input, counted locally: the messages' text as {@link
 * TokenCounter#countPrompt} counts it, and on top what it leaves out — tool and function
 * definitions, {@code tool_choice}, response formats and their JSON schemas, tool calls and tool
 * call ids inside messages, and media parts at {@link MediaTokens}' bounds. Definitions and calls
 * are counted as their JSON text, which is longer than the forms providers render them in.
 */
public final class ChatInputTokens {

  /** Fields outside {@code messages} that providers put in front of the model. */
  private static final String[] BILLED_FIELDS = {
    "tools", "functions", "tool_choice", "function_call", "response_format"
  };

  /** The framing providers add around each definition block (a system preamble). */
  private static final int FRAMING_PER_FIELD = 16;

  private final TokenCounter tokens;

  public ChatInputTokens(TokenCounter tokens) {
    this.tokens = tokens;
  }

  public long count(String model, JsonNode request) {
    JsonNode messages = request.path("messages");
    long total = tokens.countPrompt(model, messages);
    for (JsonNode message : messages) {
      total += beyondText(model, message);
    }
    for (String field : BILLED_FIELDS) {
      JsonNode value = request.path(field);
      if (!value.isMissingNode() && !value.isNull()) {
        total += FRAMING_PER_FIELD + json(model, value);
      }
    }
    return total;
  }

  /** What {@link TokenCounter#countPrompt} does not count of one message. */
  private long beyondText(String model, JsonNode message) {
    long total = 0;
    JsonNode content = message.path("content");
    if (content.isArray()) {
      for (JsonNode part : content) {
        total += part(model, part);
      }
    }
    for (String field : new String[] {"tool_calls", "function_call", "tool_call_id", "refusal"}) {
      JsonNode value = message.path(field);
      if (!value.isMissingNode() && !value.isNull()) {
        total += json(model, value);
      }
    }
    return total;
  }

  /** A content part other than text, which {@link TokenCounter#text} already took. */
  private long part(String model, JsonNode part) {
    return switch (part.path("type").asText("")) {
      case "text" -> part.path("text").isTextual() ? 0 : json(model, part);
      case "image_url" -> MediaTokens.image(model, part);
      case "file" -> MediaTokens.document(model, part);
      case "input_audio" -> MediaTokens.audio(part);
      default -> json(model, part);
    };
  }

  private long json(String model, JsonNode value) {
    return tokens.count(model, value.isTextual() ? value.asText() : value.toString());
  }
}
