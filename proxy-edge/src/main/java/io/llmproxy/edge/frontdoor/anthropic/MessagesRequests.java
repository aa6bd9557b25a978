package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request to the Anthropic-shaped front door ({@code POST /v1/messages}, as Anthropic's SDKs send
 * it) as an OpenAI chat completions request, which the gateway then routes like any other. Fields
 * the gateway cannot carry are refused when dropping them would change the answer's shape (server
 * tools), and left out when they only tune generation ({@code top_k}, {@code thinking}, {@code
 * service_tier}); see docs/configuration.md, "Providers: Anthropic".
 */
public final class MessagesRequests {

  private final ObjectMapper json;
  private final MessagesContent content;

  public MessagesRequests(ObjectMapper json) {
    this.json = json;
    this.content = new MessagesContent(json);
  }

  /**
   * The OpenAI request for {@code request}; a stream asks for usage ({@code
   * stream_options.include_usage}), which the final {@code message_delta} must report.
   *
   * @throws InvalidMessagesRequest when the request breaks Anthropic's rules or needs a feature the
   *     proxy does not translate
   */
  public ObjectNode toChat(JsonNode request) {
    return toChat(request, Integer.MAX_VALUE);
  }

  /** As {@link #toChat(JsonNode)}, for a route whose answers hold at most {@code maxOutput}. */
  public ObjectNode toChat(JsonNode request, long maxOutputTokens) {
    if (!request.isObject()) {
      throw new InvalidMessagesRequest(null, "The request body must be a JSON object");
    }
    ObjectNode chat = json.createObjectNode();
    chat.put("model", requireModel(request));
    ArrayNode messages = chat.putArray("messages");
    JsonNode system = request.path("system");
    if (!system.isMissingNode() && !system.isNull()) {
      messages.addObject().put("role", "system").set("content", content.system(system));
    }
    translateMessages(request.path("messages"), messages);
    int maxTokens = MessagesNumbers.check(request, maxOutputTokens);
    chat.put("max_completion_tokens", maxTokens);
    copyNumber(request, chat, "temperature");
    copyNumber(request, chat, "top_p");
    stopSequences(request.path("stop_sequences"), chat);
    JsonNode user = request.path("metadata").path("user_id");
    if (user.isTextual()) {
      chat.put("user", user.asText());
    }
    MessagesTools.translate(request, chat, json);
    JsonNode stream = request.path("stream");
    if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
      throw new InvalidMessagesRequest("stream", "Input should be a valid boolean");
    }
    if (stream.asBoolean(false)) {
      chat.put("stream", true);
      chat.putObject("stream_options").put("include_usage", true);
    }
    return chat;
  }

  private void translateMessages(JsonNode messages, ArrayNode out) {
    if (messages.isMissingNode() || messages.isNull()) {
      throw new InvalidMessagesRequest("messages", "Field required");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw new InvalidMessagesRequest("messages", "Input should be a non-empty list");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String param = "messages." + i;
      JsonNode body = message.path("content");
      if (body.isMissingNode() || body.isNull()) {
        throw new InvalidMessagesRequest(param + ".content", "Field required");
      }
      switch (message.path("role").asText()) {
        case "user" -> content.user(body, param + ".content", out);
        case "assistant" -> content.assistant(body, param + ".content", out);
        default ->
            throw new InvalidMessagesRequest(
                param + ".role", "Input should be 'user' or 'assistant'");
      }
    }
  }

  private static String requireModel(JsonNode request) {
    JsonNode model = request.path("model");
    if (model.isMissingNode() || model.isNull()) {
      throw new InvalidMessagesRequest("model", "Field required");
    }
    if (!model.isTextual() || model.asText().isBlank()) {
      throw new InvalidMessagesRequest("model", "Input should be a non-empty string");
    }
    return model.asText();
  }

  private static void copyNumber(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.path(field);
    if (value.isNumber()) {
      to.set(field, value);
    } else if (!value.isMissingNode() && !value.isNull()) {
      throw new InvalidMessagesRequest(field, "Input should be a valid number");
    }
  }

  private static void stopSequences(JsonNode sequences, ObjectNode chat) {
    if (sequences.isMissingNode() || sequences.isNull()) {
      return;
    }
    if (!sequences.isArray()) {
      throw new InvalidMessagesRequest("stop_sequences", "Input should be a valid list");
    }
    if (sequences.isEmpty()) {
      return;
    }
    ArrayNode stop = chat.putArray("stop");
    for (int i = 0; i < sequences.size(); i++) {
      if (!sequences.get(i).isTextual()) {
        throw new InvalidMessagesRequest("stop_sequences." + i, "Input should be a valid string");
      }
      stop.add(sequences.get(i).asText());
    }
  }
}
