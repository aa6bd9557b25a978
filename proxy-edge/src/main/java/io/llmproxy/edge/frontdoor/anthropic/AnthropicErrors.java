package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.kernel.logging.SecretMasking;

/**
 * Errors in Anthropic's shape, {@code {"type":"error","error":{"type","message"}}}, for the
 * Anthropic-shaped front door: the proxy's own errors (OpenAI-style, with an HTTP status) keep
 * their status and message and take the error type Anthropic uses for that status, so Anthropic's
 * SDKs raise the exception class they would for the same status from Anthropic.
 */
public final class AnthropicErrors {

  private AnthropicErrors() {}

  /** The error body; {@code request_id} is left out when unknown. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Body(String type, Detail error, @JsonProperty("request_id") String requestId) {}

  public record Detail(String type, String message) {}

  public static Body of(ApiException error, String requestId) {
    return of(error.status().value(), error.getMessage(), requestId);
  }

  /** A refused Messages request: always 400 {@code invalid_request_error}. */
  public static Body of(InvalidMessagesRequest error, String requestId) {
    return of(400, error.anthropicMessage(), requestId);
  }

  /** Messages may quote client input or an upstream's text, so they are masked like OpenAI's. */
  public static Body of(int status, String message, String requestId) {
    return new Body("error", new Detail(type(status), SecretMasking.mask(message)), requestId);
  }

  /** Anthropic's error type for an HTTP status, as its API documents them. */
  public static String type(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      // Anthropic uses invalid_request_error for the other 4xx, api_error for its own faults;
      // 502/503/504 of the proxy are faults behind it
      default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
    };
  }
}
