package io.llmproxy.edge.frontdoor.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.encoding.StrictJsonText;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.errors.PlainWording;
import io.llmproxy.edge.providers.Operation;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Validation of OpenAI-shaped request bodies, with errors naming the offending parameter. */
@Component
class OpenAiRequests {

  private final ObjectMapper json;

  OpenAiRequests(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode parseObject(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("The request body is empty; send a JSON object.", null);
    }
    StrictJsonText.problem(body)
        .ifPresent(
            problem -> {
              throw ApiException.badRequest(problem, null);
            });
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(PlainWording.jsonProblem(e), null);
    } catch (IOException e) {
      throw ApiException.badRequest("We could not read the body of your request.", null);
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("The request body must be a JSON object.", null);
    }
    return object;
  }

  private static String requireModel(ObjectNode request) {
    JsonNode model = request.get("model");
    if (model == null || model.isNull()) {
      throw ApiException.badRequest("you must provide a model parameter", "model");
    }
    if (!model.isTextual() || model.asText().isBlank()) {
      throw ApiException.badRequest("'model' must be a non-empty string", "model");
    }
    return model.asText();
  }

  /**
   * Checks what the proxy itself relies on for {@code operation}, and answers the requested model
   * alias; everything else is the provider's to judge, and passes through untouched.
   */
  String validate(Operation operation, ObjectNode request) {
    String alias = requireModel(request);
    switch (operation) {
      case CHAT_COMPLETIONS -> requireMessages(request);
      case COMPLETIONS -> requireInputs(request, "prompt");
      case EMBEDDINGS -> requireInputs(request, "input");
    }
    JsonNode stream = request.path("stream");
    if (!(stream.isMissingNode() || stream.isNull() || stream.isBoolean())) {
      throw ApiException.badRequest("'stream' must be a boolean", "stream");
    }
    JsonNode options = request.path("stream_options");
    if (!(options.isMissingNode() || options.isNull() || options.isObject())) {
      throw ApiException.badRequest("'stream_options' must be an object", "stream_options");
    }
    JsonNode includeUsage = options.path("include_usage");
    if (!(includeUsage.isMissingNode() || includeUsage.isNull() || includeUsage.isBoolean())) {
      throw ApiException.badRequest(
          "'stream_options.include_usage' must be a boolean", "stream_options.include_usage");
    }
    return alias;
  }

  static boolean streamRequested(Operation operation, ObjectNode request) {
    return operation.streamable() && request.path("stream").asBoolean(false);
  }

  static boolean usageRequested(ObjectNode request) {
    return request.path("stream_options").path("include_usage").asBoolean(false);
  }

  /** A prompt or embedding input: a string, or a non-empty array of strings or token ids. */
  private static void requireInputs(ObjectNode request, String field) {
    JsonNode input = request.get(field);
    if (input == null || input.isNull()) {
      throw ApiException.badRequest("Missing required parameter: '" + field + "'.", field);
    }
    if (input.isTextual()) {
      return;
    }
    if (!input.isArray() || input.isEmpty()) {
      throw ApiException.badRequest(
          "'" + field + "' must be a string or a non-empty array of strings or token ids.", field);
    }
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      boolean tokens = item.isArray() && allIntegers(item) && !item.isEmpty();
      if (!(item.isTextual() || item.isIntegralNumber() || tokens)) {
        throw ApiException.badRequest(
            "'" + field + "' items must be strings, token ids or arrays of token ids.",
            field + "[" + i + "]");
      }
    }
  }

  private static boolean allIntegers(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }

  private static void requireMessages(ObjectNode request) {
    JsonNode messages = request.get("messages");
    if (messages == null || messages.isNull()) {
      throw ApiException.badRequest("Missing required parameter: 'messages'.", "messages");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw ApiException.badRequest("'messages' must be a non-empty array.", "messages");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      if (!message.isObject() || !message.path("role").isTextual()) {
        throw ApiException.badRequest(
            "Each message must be an object with a string 'role'.", "messages[" + i + "]");
      }
    }
  }
}
