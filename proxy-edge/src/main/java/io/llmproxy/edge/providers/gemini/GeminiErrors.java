package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.UpstreamException;

/**
 * Failures the adapter raises itself. They travel as {@link UpstreamException}s carrying an
 * OpenAI-shaped error body, because that is the one failure type the gateway turns into a client
 * error (and a ledger entry) for every adapter alike.
 */
final class GeminiErrors {

  private GeminiErrors() {}

  /** The request is malformed in a way only the translation notices (400). */
  static UpstreamException invalid(String message, String param) {
    return refusal(400, message, param, "invalid_request");
  }

  /** The request asks for something Gemini cannot do (400), rather than silently dropping it. */
  static UpstreamException unsupported(String message, String param) {
    return refusal(400, message, param, "unsupported_parameter");
  }

  /**
   * Gemini refused the prompt itself ({@code promptFeedback.blockReason}, no candidates): a 400
   * with code {@code content_filter}, as Azure OpenAI answers a filtered prompt.
   */
  static UpstreamException promptBlocked(JsonNode feedback) {
    String reason = feedback.path("blockReason").asText("BLOCK_REASON_UNSPECIFIED");
    String message =
        "Gemini blocked the prompt (blockReason "
            + reason
            + ") and generated nothing; rephrase the request.";
    if (feedback.path("blockReasonMessage").isTextual()) {
      message += " " + feedback.path("blockReasonMessage").asText();
    }
    return refusal(400, message, "messages", "content_filter");
  }

  /**
   * An error object Gemini sent inside a stream; its {@code code} is an HTTP status, kept when it
   * is one so a quota error mid-stream still reads as rate limiting.
   */
  static UpstreamException midStream(ObjectNode frame) {
    int code = frame.path("error").path("code").asInt(500);
    int status = code >= 400 && code <= 599 ? code : 500;
    return new UpstreamException(status, frame, "reported an error mid-stream");
  }

  private static UpstreamException refusal(int status, String message, String param, String code) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", "invalid_request_error");
    error.put("param", param);
    error.put("code", code);
    return new UpstreamException(status, body, message);
  }
}
