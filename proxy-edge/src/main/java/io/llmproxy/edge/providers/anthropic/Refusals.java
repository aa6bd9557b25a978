package io.llmproxy.edge.providers.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.UpstreamException;

/**
 * Requests the adapter cannot express in Anthropic's API. They fail as an upstream 400 in
 * Anthropic's error shape, so the client sees an {@code invalid_request_error} naming the
 * parameter, exactly as if Anthropic itself had refused them, and no upstream call is made.
 */
final class Refusals {

  private Refusals() {}

  static UpstreamException invalid(String param, String message) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("type", "error");
    ObjectNode error = body.putObject("error");
    error.put("type", "invalid_request_error");
    error.put("message", message);
    if (param != null) {
      error.put("param", param);
    }
    return new UpstreamException(400, body, message);
  }

  static UpstreamException unsupported(String param, String what) {
    return invalid(param, what + " is not supported by Anthropic's Messages API.");
  }
}
