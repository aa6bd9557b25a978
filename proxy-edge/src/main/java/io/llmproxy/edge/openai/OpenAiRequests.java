package io.llmproxy.edge.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
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
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "We could not parse the JSON body of your request: "
              + e.getOriginalMessage()
              + " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")",
          null);
    } catch (IOException e) {
      throw ApiException.badRequest("We could not read the body of your request.", null);
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("The request body must be a JSON object.", null);
    }
    return object;
  }

  String requireModel(ObjectNode request) {
    JsonNode model = request.get("model");
    if (model == null || model.isNull()) {
      throw ApiException.badRequest("you must provide a model parameter", "model");
    }
    if (!model.isTextual() || model.asText().isBlank()) {
      throw ApiException.badRequest("'model' must be a non-empty string", "model");
    }
    return model.asText();
  }

  void requireMessages(ObjectNode request) {
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
